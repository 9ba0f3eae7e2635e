#!/usr/bin/env bash
# Measures the cost of issue #11's review workflow on diff.Tasks (state split, sentences,
# Recount) against a baseline commit, interleaved, medians of N runs of
# BenchmarkTasks/10000 and /100, on the same machine in one run.
#
#   scripts/bench-review.sh [BASE_COMMIT] [N]
#
# BASE_COMMIT defaults to c1957d7 (main before #11). The machine is shared: read ratios,
# not absolute times.
set -euo pipefail
base=${1:-c1957d7}
n=${2:-5}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$root" archive "$base" | tar -x -C "$tmp"
run() { (cd "$1" && go test ./diff -run '^$' -bench 'Tasks/(100|10000)$' -benchtime 20x -count 1 2>/dev/null | awk '/^BenchmarkTasks/ {print $1, $3}'); }
for i in $(seq "$n"); do
  run "$tmp" | sed 's/^/base /'
  run "$root" | sed 's/^/head /'
done >"$tmp/runs.txt"
for key in $(awk '{print $1":"$2}' "$tmp/runs.txt" | sort -u); do
  side=${key%%:*} bench=${key#*:}
  awk -v s="$side" -v b="$bench" '$1==s && $2==b {print $3}' "$tmp/runs.txt" | sort -n |
    awk -v k="$side $bench" '{a[NR]=$1} END {printf "%-5s %-28s median %d ns/op of %d runs\n", k, "", a[int((NR+1)/2)], NR}'
done
