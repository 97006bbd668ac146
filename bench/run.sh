#!/usr/bin/env bash
# run.sh: every benchmark (not tests: they print figures, they do not pass or fail).
set -euo pipefail
cd "$(dirname "$0")/.."

bench/import.sh "${1:-M}"
bench/rank.sh "${1:-M}" MR
bench/serve.sh "${1:-M}"
