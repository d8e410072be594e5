#!/usr/bin/env bash
# Builds knsim and runs one scenario end to end (README quick start, first command).
# Usage: scripts/run-example.sh [SCENARIO] [knsim run options...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
scenario="${1:-scenarios/scale-from-zero.yaml}"
shift || true
swift build -c release --product knsim
.build/release/knsim run "$scenario" "$@"
