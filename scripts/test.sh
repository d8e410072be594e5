#!/usr/bin/env bash
# The whole test suite, as CI runs it (README quick start, second command).
# Release mode: the statistical tests simulate millions of requests and debug code is
# an order of magnitude slower; -enable-testing keeps @testable imports working.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# The notebook and `knsim plot` tests need the project's Python (.venv); they fail without it.
bash scripts/ensure-python.sh
swift build -c release -Xswiftc -enable-testing --product knsim
swift test -c release -Xswiftc -enable-testing "$@"
