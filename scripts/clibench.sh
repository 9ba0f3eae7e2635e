#!/usr/bin/env bash
# fdi diff --format json vs a bare encoding/json decode of the same two files, interleaved,
# medians of wall time and peak RSS (issue 10; the README's "CLI against a bare decode"
# table). Usage: scripts/clibench.sh [-rounds N] [-sizes 1000,10000,100000]
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./internal/clibench "$@"
