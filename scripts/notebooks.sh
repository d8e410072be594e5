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
# The validation notebook (real versus simulated) needs real mode's `knsim validate`;
# it is executed only when `knsim validate --help` succeeds, and skipped with a note
# otherwise (its previous export, if any, is kept).
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
    knsim="$root/.build/release/knsim"
fi
work="$root/.tmp/notebooks"
rm -rf "$work"
mkdir -p "$work/results" "$work/policies"

# Cold-start study: the shipped scenarios with cold starts, and a fixed pool for contrast.
for scenario in scale-from-zero panic-burst min-scale node-failure hello; do
    "$knsim" run "scenarios/$scenario.yaml" --out "$work/results/$scenario" >/dev/null
done

# Policy comparison: scale-from-zero under several autoscaling settings. Each entry is
# NAME:OVERRIDE[,OVERRIDE...] as `knsim compare --variant` takes it; the baseline (the
# scenario as written: the KPA, scale to zero) is always there.
scenario=scenarios/scale-from-zero.yaml
revision='services.greeter.revisions.greeter-00001'
variants=(
    "min-scale-1:$revision.annotations[\"autoscaling.knative.dev/min-scale\"]=1"
    "retention-5m:$revision.annotations[\"autoscaling.knative.dev/scale-to-zero-pod-retention-period\"]=5m"
    "window-20s:$revision.annotations[\"autoscaling.knative.dev/window\"]=20s"
)
compare_args=()
for variant in "${variants[@]}"; do compare_args+=(--variant "$variant"); done
"$knsim" compare "$scenario" "${compare_args[@]}" --replications 10 --out "$work/compare" >/dev/null
"$knsim" run "$scenario" --out "$work/policies/baseline" >/dev/null
for variant in "${variants[@]}"; do
    name="${variant%%:*}"
    set_args=()
    IFS=',' read -ra overrides <<< "${variant#*:}"
    for override in "${overrides[@]}"; do set_args+=(--set "$override"); done
    "$knsim" run "$scenario" "${set_args[@]}" --out "$work/policies/$name" >/dev/null
done

export KNSIM_RESULTS="$work/results" KNSIM_MAIN_RUN=scale-from-zero
export KNSIM_COMPARISON="$work/compare" KNSIM_POLICY_RUNS="$work/policies"
notebooks=(cold_start_study policy_comparison)

# Real versus simulated: only once real mode (`knsim validate`) exists.
# (`knsim validate --help` alone is not enough: for an unknown subcommand knsim prints
# its root help and succeeds, so the root help must list `validate` too.)
if "$knsim" validate --help >/dev/null 2>&1 && "$knsim" --help | grep -qE '^ +validate +'; then
    export KNSIM_VALIDATION="$work/validation"
    "$knsim" validate "${KNSIM_VALIDATION_SCENARIO:-scenarios/scale-from-zero.yaml}" --out "$KNSIM_VALIDATION" --report-only >/dev/null
    notebooks+=(validation)
else
    echo "notebooks: skipping validation (knsim validate is not available in this build)" >&2
fi

for notebook in "${notebooks[@]}"; do
    "$python" -m knsim_plots.notebooks "notebooks/$notebook.py" --out notebooks-export --html
done
du -sh notebooks-export
