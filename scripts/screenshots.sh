#!/usr/bin/env bash
# Regenerates the README's screenshots — docs/compare.png (the seed task against its v2) and
# docs/viewer-light.png, viewer-dark.png, viewer-phone.png (a generated 10,000-mapping pair,
# 1% edited) — from a fixed setup: the viewer serving a folder named "snapshots", a fresh
# headless Chromium profile, fixed window sizes and colour schemes (cmd/viewer's
# TestScreenshots). Needs Chromium (apt-get install -y chromium). Run from anywhere:
#
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
go test ./cmd/viewer -run '^TestScreenshots$' -count=1 -v -screenshots
git status --short -- docs/
