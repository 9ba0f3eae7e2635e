#!/usr/bin/env bash
# fdi validate of issue 23's task (10,000 mappings, one unknown key — comment_text — in each
# of the 20,001 selected columns) in strict mode (refused: exit 1, one grouped problem) and
# with --lenient (accepted), side by side: this tree and a build of BASE (default ba4cdeb,
# before issue 23), interleaved rounds, medians of wall, CPU and peak RSS, the strict ÷
# lenient ratios, and what each prints (README "Validate").
# Usage: scripts/bench-strict.sh [-rounds N] [-mappings N] [-base REV]
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./internal/clibench -strict "$@"
