# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Scaling policies compared
#
# The same scenario under several autoscaling settings, each run over replications
# with common random numbers (`knsim compare`), and one run of each for its pod count
# over time.
#
# Inputs: `KNSIM_COMPARISON`, the folder of `knsim compare --out` (comparison.csv), and
# `KNSIM_POLICY_RUNS`, a folder with one `knsim run` result per variant, named as the
# variant. `scripts/notebooks.sh` makes both (its `variants` list says which settings).

# %%
import os
import sys
from pathlib import Path

ROOT = Path(os.environ.get("KNSIM_ROOT", Path.cwd().parent)).resolve()
sys.path.insert(0, str(ROOT / "python"))

import matplotlib.pyplot as plt
import pandas as pd

import knsim_plots as kp

plt.rcParams["figure.dpi"] = 72
WORK = ROOT / ".tmp" / "notebooks"
comparison = kp.load_comparison(os.environ.get("KNSIM_COMPARISON", WORK / "compare"))
POLICY_RUNS = Path(os.environ.get("KNSIM_POLICY_RUNS", WORK / "policies"))
variants = list(dict.fromkeys(comparison["variant"]))
runs = {name: kp.load_run(POLICY_RUNS / name) for name in variants if (POLICY_RUNS / name / "summary.json").is_file()}
print(f"{len(variants)} variants × {comparison['replications'].max()} replications; runs of {', '.join(runs)}")

# %% [markdown]
# ## The metrics, with 95% confidence intervals
#
# Mean ± half-width of a Student-t interval over the replications. Variants see the
# same arrivals in each replication, so a difference between them is the policy's,
# not the workload's.

# %%
def cell(row):
    label, scale = kp.figures.METRIC_LABELS.get(row["metric"], (row["metric"], 1.0))
    mean = row["mean"] * scale
    half = row["half_width"] * scale if pd.notna(row["half_width"]) else None
    return f"{mean:.1f} ± {half:.1f}" if half is not None else f"{mean:.1f}"


table = comparison.assign(cell=comparison.apply(cell, axis=1),
                          label=comparison["metric"].map(lambda m: kp.figures.METRIC_LABELS.get(m, (m, 1))[0]))
table.pivot(index="label", columns="variant", values="cell")[variants]

# %%
fig = kp.comparison_metrics(comparison)

# %% [markdown]
# ## Pods over time, per policy
#
# One run of each variant at the scenario's seed, ready pods against the request rate:
# how soon each scales up when a burst arrives, and how long it holds its pods after.

# %%
fig = kp.pods_per_policy(runs)

# %% [markdown]
# ## Latency per policy
#
# The latency CDF of each variant's run: what keeping pods warm buys the tail.

# %%
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
for name, run in runs.items():
    if run.latency is not None:
        ax.plot(run.latency["all"], run.latency["quantile"], drawstyle="steps-post", label=name)
ax.set_xscale("log")
ax.set_xlabel("latency (s, log scale)")
ax.set_ylabel("fraction of requests ≤ latency")
ax.grid(True, which="both", alpha=0.3)
ax.legend(loc="lower right", fontsize="small")
ax.set_title("Latency CDF per policy");
