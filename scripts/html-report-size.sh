#!/usr/bin/env bash
# Measures the size of the standalone HTML report (fdi diff --format html) of a generated
# 10,000-mapping task against itself with 1% of its mappings (100) edited, by default and
# with --all-rows. Issue #21 asks for at most 1 MB by default.
#
#   scripts/html-report-size.sh [MAPPINGS]
set -euo pipefail
n=${1:-10000}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
go run ./internal/taskgen/gensets -out "$tmp/pair" -tasks 1 -mappings "$n" -changed 1 -churn 0
go build -o "$tmp/fdi" ./cmd/fdi
for flags in "" "--all-rows"; do
  # exit status 1 means "changes found", which is expected here
  "$tmp/fdi" diff --format html $flags "$tmp/pair/old/task_0000.json" "$tmp/pair/new/task_0000.json" >"$tmp/report.html" || [ $? -eq 1 ]
  printf '%-12s %9d bytes\n' "${flags:-default}" "$(wc -c <"$tmp/report.html")"
done
