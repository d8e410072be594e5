#!/usr/bin/env bash
# The whole test suite, as CI runs it (README quick start, second command).
# Release mode: the statistical tests simulate millions of requests and debug code is
# an order of magnitude slower; -enable-testing keeps @testable imports working.
#
# Two passes: first everything that runs on simulated time (in parallel, on all
# cores); then, alone and one at a time, the tests that run real processes on the wall
# clock (real mode: RealModeTests, and the CLI's Real* suites), so that a busy core
# cannot make a readiness probe or a latency miss its mark.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# The notebook and `knsim plot` tests need the project's Python (.venv); they fail without it.
bash scripts/ensure-python.sh
swift build -c release -Xswiftc -enable-testing --product knsim
wall_clock_tests='^RealModeTests\.|^CLITests\.Real'
swift test -c release -Xswiftc -enable-testing --skip "$wall_clock_tests" "$@"
swift test -c release -Xswiftc -enable-testing --skip-build --no-parallel --filter "$wall_clock_tests" "$@"
