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
# # Real versus simulated
#
# One scenario run twice: by the simulator, and on actual local processes (real
# mode). Where the two agree the model can be trusted; where they differ is what to
# look at.
#
# Input: `KNSIM_VALIDATION`, the folder `knsim validate SCENARIO --out DIR` writes:
# `simulated/` and `real/` (each a run's summary.json, timeseries.csv and
# latency.csv), `comparison.csv` (metric, simulated, real, difference) and `pods.csv`
# (time, simulated_pods, real_pods).

# %%
import os
import sys
from pathlib import Path

ROOT = Path(os.environ.get("KNSIM_ROOT", Path.cwd().parent)).resolve()
sys.path.insert(0, str(ROOT / "python"))

import matplotlib.pyplot as plt

import knsim_plots as kp

plt.rcParams["figure.dpi"] = 72
validation = kp.load_validation(os.environ.get("KNSIM_VALIDATION", ROOT / ".tmp" / "notebooks" / "validation"))
print(f"{validation.simulated.name}: {validation.simulated.summary['requests']['arrived']} requests simulated, "
      f"{validation.real.summary['requests']['arrived']} sent for real")

# %% [markdown]
# ## The metrics side by side

# %%
validation.comparison.set_index("metric")

# %% [markdown]
# ## Pod counts
#
# Ready pods over time in the simulation and in the real run, against the request rate.

# %%
fig = kp.validation_pods(validation)

# %% [markdown]
# ## Latency distributions
#
# Both runs' latency CDFs (solid: all requests; dotted: those that met a cold start).

# %%
fig = kp.validation_latency_cdfs(validation)
