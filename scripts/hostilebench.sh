#!/usr/bin/env bash
# fdi validate of hostile inputs (a million unknown keys; half a million inside a
# task_detail), this tree against a build of BASE, interleaved, medians of wall, CPU and
# peak RSS, and RSS as a multiple of the input (issue 14, item 1; README "Security").
# Usage: scripts/hostilebench.sh [-rounds N] [-base REV]
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./internal/clibench -hostile "$@"
