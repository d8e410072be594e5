#!/usr/bin/env bash
# Regenerates the golden results: results/<name>/summary.json, timeseries.csv and
# (Knative model) pods_by_node.csv for
# every scenario in scenarios/, each at its own seed. Run it after a change that is
# meant to change simulation output, and commit the files with the change; the test
# GoldenResultsTests (Tests/CLITests/CheckGoldenTests.swift) fails until you do.
# Usage: scripts/regenerate-golden.sh            (release build, as CI)
#        CONFIGURATION=debug scripts/regenerate-golden.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
configuration="${CONFIGURATION:-release}"
# The same flags as scripts/test.sh, so the two share one build.
swift build -c "$configuration" -Xswiftc -enable-testing --product knsim
knsim=".build/$configuration/knsim"
shopt -s nullglob
for scenario in scenarios/*.yaml; do
    # knsim run writes results/<scenario name>/ atomically.
    "$knsim" run "$scenario" >/dev/null
    echo "regenerated results for $scenario"
done
