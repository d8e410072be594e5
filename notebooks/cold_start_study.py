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
# # Cold starts
#
# Where a Knative cold start's time goes, how often cold starts happen over a run, and
# what they cost the requests that meet them.
#
# Inputs: a folder of `knsim run` results, one subfolder per scenario
# (`KNSIM_RESULTS`; `scripts/notebooks.sh` fills it from the shipped scenarios), and
# the run to study in detail (`KNSIM_MAIN_RUN`, default `scale-from-zero`).

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
RESULTS = Path(os.environ.get("KNSIM_RESULTS", ROOT / ".tmp" / "notebooks" / "results"))
runs = [kp.load_run(folder) for folder in sorted(RESULTS.iterdir()) if (folder / "summary.json").is_file()]
with_cold_starts = [run for run in runs if run.summary["cold_start"]["total"]["count"] > 0]
wanted = os.environ.get("KNSIM_MAIN_RUN", "scale-from-zero")
main = next((run for run in runs if run.name == wanted), with_cold_starts[0] if with_cold_starts else runs[0])
print(f"{len(runs)} runs in {RESULTS.name}/, {len(with_cold_starts)} with cold starts; studying {main.name}")

# %% [markdown]
# ## Every run at a glance
#
# `cold_starts` counts pods created after the warm-up; `cold requests` those that
# arrived when their revision had no pod and waited for one. Latency is split by
# whether the request met a cold start (`latency_cold`) or not (`latency_warm`).

# %%
def overview(run):
    s = run.summary
    warm, cold = s.get("latency_warm", {}), s.get("latency_cold", {})
    return {
        "model": s["model"],
        "requests": s["requests"]["arrived"],
        "cold starts": s["cold_starts"],
        "cold requests": s["cold_start"]["requests"],
        "cold share (%)": 100 * s["cold_start"]["requests"] / max(s["requests"]["arrived"], 1),
        "warm p50 (ms)": 1000 * warm.get("p50", float("nan")),
        "warm p99 (ms)": 1000 * warm.get("p99", float("nan")),
        "cold p50 (ms)": 1000 * cold["p50"] if cold.get("count") else float("nan"),
        "cold p99 (ms)": 1000 * cold["p99"] if cold.get("count") else float("nan"),
    }


pd.DataFrame.from_dict({run.name: overview(run) for run in runs}, orient="index").round(1)

# %% [markdown]
# ## Where a cold start's time goes
#
# Each bar is the mean cold start of one run, phase by phase: scheduling, the image
# pull (weighted by how many pods needed one), the sandbox, the containers, then the
# user container's start and initialisation beside istio-proxy's start (hatched: the
# two run side by side), the readiness probe and the endpoint's propagation to the
# activator. The black tick is the measured mean from pod creation to Kubernetes-ready;
# endpoint propagation comes after it, before the first request can reach the pod.

# %%
fig = kp.cold_start_phases([run for run in with_cold_starts if run.summary["cold_start"]["phases"]])

# %% [markdown]
# ## Cold starts over time
#
# Pods created per minute against the request rate, and the share of arrivals that
# found their revision without a pod.

# %%
fig = kp.cold_start_rate(main, window=60)

# %% [markdown]
# ## What a cold start costs a request
#
# The latency distribution of requests that met a cold start against those that did
# not (from `latency.csv`; x on a log scale).

# %%
fig = kp.latency_cdf(main)
cold, warm = main.summary["latency_cold"], main.summary["latency_warm"]
if cold["count"]:
    print(f"{main.name}: the median cold request took {cold['p50'] / warm['p50']:.1f}× the median warm one "
          f"({1000 * cold['p50']:.0f} ms against {1000 * warm['p50']:.0f} ms); "
          f"{cold['count']} of {cold['count'] + warm['count']} completed requests met a cold start.")

# %% [markdown]
# ## Pods against the load
#
# Ready pods and the autoscaler's desired pods over the run, with the request rate behind.

# %%
fig = kp.pods_and_load(main)
