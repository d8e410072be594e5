#!/usr/bin/env bash
# Regenerates notebooks-export/: builds knsim (release), runs the scenarios the
# notebooks study, executes the notebooks (sources: notebooks/*.py, jupytext) against
# those results and exports each as HTML and as an executed .ipynb with its figures.
#
# Usage: scripts/notebooks.sh                     (about 2 minutes after the builds)
#        KNSIM=.build/debug/knsim scripts/notebooks.sh
#
# Everything it writes outside notebooks-export/ stays in the project: the Python
# environment in .venv/ (scripts/ensure-python.sh), the runs in .tmp/notebooks/, and
# Jupyter's and matplotlib's own files in .tmp/jupyter/ — nothing goes to $HOME.
#
# The validation notebook (real versus simulated) runs scenarios/validation/
# scale-from-zero-small.yaml in real mode (KNSIM_VALIDATION_SCENARIO picks another):
# that takes the scenario's 30 s of real time, and knsim-fn next to knsim. With a knsim
# that has no `knsim validate`, it is skipped with a note (its previous export is kept).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
bash scripts/ensure-deps.sh
bash scripts/ensure-python.sh

jupyter_home="$root/.tmp/jupyter"
export JUPYTER_DATA_DIR="$jupyter_home/data" JUPYTER_CONFIG_DIR="$jupyter_home/config"
export JUPYTER_RUNTIME_DIR="$jupyter_home/runtime" IPYTHONDIR="$jupyter_home/ipython"
export MPLCONFIGDIR="$jupyter_home/matplotlib" XDG_CACHE_HOME="$jupyter_home/cache"
export JUPYTER_PLATFORM_DIRS=1 PYDEVD_DISABLE_FILE_VALIDATION=1
export PYTHONPATH="$root/python" KNSIM_ROOT="$root"
python="$root/.venv/bin/python"

# KNSIM=path/to/knsim uses that binary instead of building one (results are the same
# in every configuration: the simulation is deterministic).
if [ -n "${KNSIM:-}" ]; then
    knsim="$(cd "$(dirname "$KNSIM")" && pwd)/$(basename "$KNSIM")"
else
    swift build -c release --product knsim
    swift build -c release --product knsim-fn
    knsim="$root/.build/release/knsim"
fi
work="$root/.tmp/notebooks"
rm -rf "$work"
mkdir -p "$work/results" "$work/policies"

# Cold-start study: the shipped scenarios with cold starts, and a fixed pool for contrast.
# todolist (services calling services) is also the call-graph notebook's run.
for scenario in scale-from-zero panic-burst min-scale node-failure hello todolist; do
    "$knsim" run "scenarios/$scenario.yaml" --out "$work/results/$scenario" >/dev/null
done
# The service graph: graph.dot, and graph.svg when Graphviz's dot is on PATH (the
# notebook draws the graph with matplotlib otherwise).
"$knsim" graph "$work/results/todolist" >/dev/null

# Policy comparison: scenarios/policy-comparison.yaml under each autoscaler, the
# variants of docs/tour.md stop 13 plus a fixed 10-minute keep-alive (the baseline of
# "Serverless in the Wild"). Each entry is NAME:OVERRIDE[,OVERRIDE...] as `knsim compare
# --variant` takes it; the baseline (the scenario as written: Knative's KPA) is always there.
scenario=scenarios/policy-comparison.yaml
revision='services[0].revisions[0]'
variants=(
    "hpa:$revision.annotations[\"autoscaling.knative.dev/class\"]=hpa.autoscaling.knative.dev,$revision.annotations[\"autoscaling.knative.dev/metric\"]=concurrency"
    "hybrid:$revision.policy={kind: hybrid-histogram}"
    "keep-alive-10m:$revision.policy={kind: keep-alive, keep-alive: 10m}"
)
# Splits a variant's overrides at the commas outside brackets and braces, as knsim does.
split_overrides() {
    local text="$1" part="" depth=0 i ch
    for ((i = 0; i < ${#text}; i++)); do
        ch="${text:i:1}"
        case "$ch" in
            '['|'{') depth=$((depth + 1)) ;;
            ']'|'}') depth=$((depth - 1)) ;;
        esac
        if [ "$ch" = ',' ] && [ "$depth" -eq 0 ]; then printf '%s\n' "$part"; part=""; else part+="$ch"; fi
    done
    printf '%s\n' "$part"
}
compare_args=()
for variant in "${variants[@]}"; do compare_args+=(--variant "$variant"); done
"$knsim" compare "$scenario" "${compare_args[@]}" --replications 10 --out "$work/compare" >/dev/null
"$knsim" run "$scenario" --out "$work/policies/baseline" >/dev/null
for variant in "${variants[@]}"; do
    set_args=()
    while IFS= read -r override; do set_args+=(--set "$override"); done < <(split_overrides "${variant#*:}")
    "$knsim" run "$scenario" "${set_args[@]}" --out "$work/policies/${variant%%:*}" >/dev/null
done

export KNSIM_RESULTS="$work/results" KNSIM_MAIN_RUN=scale-from-zero KNSIM_GRAPH_RUN="$work/results/todolist"
export KNSIM_COMPARISON="$work/compare" KNSIM_POLICY_RUNS="$work/policies"
notebooks=(cold_start_study call_graph policy_comparison)

# Real versus simulated (real mode: about 30 s of real time). Only with a knsim that has
# `knsim validate` (`knsim validate --help` alone is not enough: for an unknown
# subcommand knsim prints its root help and succeeds, so the root help must list
# `validate` too); real mode runs knsim-fn, which must sit next to knsim.
if "$knsim" validate --help >/dev/null 2>&1 && "$knsim" --help | grep -qE '^ +validate +'; then
    [ -x "$(dirname "$knsim")/knsim-fn" ] || {
        echo "notebooks: $(dirname "$knsim")/knsim-fn is missing (real mode needs it): swift build --product knsim-fn" >&2
        exit 1
    }
    export KNSIM_VALIDATION="$work/validation"
    "$knsim" validate "${KNSIM_VALIDATION_SCENARIO:-scenarios/validation/scale-from-zero-small.yaml}" \
        --report-only --out "$KNSIM_VALIDATION" >/dev/null
    notebooks+=(validation)
else
    echo "notebooks: skipping validation (knsim validate is not available in this build)" >&2
fi

for notebook in "${notebooks[@]}"; do
    "$python" -m knsim_plots.notebooks "notebooks/$notebook.py" --out notebooks-export --html
done
du -sh notebooks-export
