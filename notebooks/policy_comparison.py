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
# One sparse, bursty function (scenarios/policy-comparison.yaml: 30 s of 10 requests
# per second every 5 minutes, silence in between) under different autoscalers, each
# run over replications with common random numbers (`knsim compare`), and one run of
# each for its pod count over time:
#
# - **kpa**: Knative's KPA, the scenario as written (`knsim compare`'s baseline);
# - **hpa**: Kubernetes' HPA on concurrency (the `autoscaling.knative.dev/class`
#   annotation), which never scales to zero;
# - **hybrid**: the hybrid histogram policy of "Serverless in the Wild" (ATC 2020),
#   `policy: {kind: hybrid-histogram}`, which learns the idle times and unloads the pod
#   between bursts, loading one again just before the next;
# - **keep-alive-10m**: a fixed 10-minute keep-alive, `policy: {kind: keep-alive}`, the
#   paper's baseline (longer than every silence here, so the pod is never unloaded).
#
# These are the variants of docs/tour.md, stop 13 (plus the keep-alive). The one-hour
# warm-up, in which the hybrid policy learns, is left out of the statistics.
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
# `knsim compare` calls the scenario as written "baseline"; here that is the KPA.
LABELS = {"baseline": "kpa"}
comparison["variant"] = comparison["variant"].replace(LABELS)
variants = list(dict.fromkeys(comparison["variant"]))
folders = {LABELS.get(folder.name, folder.name): folder for folder in sorted(POLICY_RUNS.iterdir())}
runs = {name: kp.load_run(folders[name]) for name in variants if name in folders}
print(f"{len(variants)} variants × {comparison['replications'].max()} replications; runs of {', '.join(runs)}")

# %% [markdown]
# ## The metrics, with 95% confidence intervals
#
# Mean ± half-width of a Student-t interval over the replications. Variants see the
# same arrivals in each replication, so a difference between them is the policy's,
# not the workload's. "cold starts" counts pods started after the warm-up: the hybrid
# policy starts about as many as the KPA, but before the bursts, so no request waits
# for one (the table after the pod counts shows the requests that did).

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
# One run of each variant at the scenario's seed, ready pods against the request rate
# (grey), over the whole run: the warm-up is the first hour. The KPA drops to zero
# 90 s after each burst (60 s stable window, 30 s grace); the HPA keeps its one
# replica; the hybrid policy keeps the pod through its learning phase (fallback
# keep-alive), then unloads it between bursts.

# %%
fig = kp.pods_per_policy(runs)

# %% [markdown]
# The same runs over twenty minutes after the warm-up: four bursts. Whether a pod is
# ready when a burst starts is what decides if its first requests wait for a cold start.

# %%
warmup = next(iter(runs.values())).summary["warmup_seconds"]
fig = kp.pods_per_policy(runs, start=warmup + 240, end=warmup + 240 + 20 * 60,
                         title="Ready pods per policy, four bursts after the warm-up")

# %%
pd.DataFrame.from_dict({
    name: {
        "pods started": run.summary["cold_starts"],
        "requests that waited for a pod": run.summary["cold_start"]["requests"],
        "p99 latency (ms)": 1000 * run.summary["latency"]["p99"],
        "pod-seconds": run.summary["pods"]["integral"],
        "mean ready pods": run.summary["pods"]["mean"],
    } for name, run in runs.items()
}, orient="index").round(1)

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
