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
# # Cold starts through a call graph
#
# An application made of services that call one another: which calls met a cold
# start, what those calls cost, and what the requests at the front door paid for them.
#
# Input: `KNSIM_GRAPH_RUN`, the folder of a `knsim run` of a scenario whose services
# make calls (`scripts/notebooks.sh` runs scenarios/todolist.yaml, then `knsim graph`
# on it). The run's `edges.csv` has one row per call edge, caller service → callee
# revision; `knsim graph` writes `graph.dot`, and `graph.svg` when Graphviz's `dot` is
# installed.

# %%
import os
import sys
from pathlib import Path

ROOT = Path(os.environ.get("KNSIM_ROOT", Path.cwd().parent)).resolve()
sys.path.insert(0, str(ROOT / "python"))

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import SVG, display

import knsim_plots as kp

plt.rcParams["figure.dpi"] = 72
run = kp.load_run(os.environ.get("KNSIM_GRAPH_RUN", ROOT / ".tmp" / "notebooks" / "results" / "todolist"))
edges = kp.edge_table(run)
s = run.summary
print(f"{run.name}: {s['requests']['arrived']} entry requests, {len(s['revisions'])} revisions, "
      f"{len(edges)} call edges, {s['cold_starts']} cold starts")

# %% [markdown]
# ## The service graph
#
# Each service is a box holding its revisions; `clients` send the entry requests.
# An arrow is a call edge, labelled with its rate and p95 latency; it is red and thick
# when at least 1% of its calls met a cold start. Drawn by `knsim graph` with
# Graphviz when its SVG is there, otherwise by matplotlib from the same data.

# %%
svg = kp.graphviz_svg(run)
if svg is not None:
    print("drawn by knsim graph (Graphviz)")
    display(SVG(svg))
else:
    print("drawn with matplotlib (no graph.svg: run `knsim graph` with Graphviz installed)")
    fig = kp.service_graph(run)

# %% [markdown]
# ## Per call edge
#
# Latency is the caller's view, from sending the call to the answer: it includes the
# hops and, for a cold call, the wait in the activator while the callee's pod starts.

# %%
table = pd.DataFrame({
    "calls per second": edges["rate"],
    "sent": edges["sent"],
    "p50 (ms)": 1000 * edges["latency_p50"],
    "p95 (ms)": 1000 * edges["latency_p95"],
    "p99 (ms)": 1000 * edges["latency_p99"],
    "cold calls": edges["cold"],
    "cold share (%)": 100 * edges["cold_share"],
    "errors (%)": 100 * edges["error_share"],
}).set_axis(edges["edge"]).round(2)
table

# %%
fig = kp.edge_cold_calls_and_latency(run)

# %% [markdown]
# ## What the front door paid
#
# `entry.cold_by_service` counts the entry requests whose path met a cold start at each
# service, and `entry.triggered_cold_starts` those whose call started a service from
# zero. A service kept warm (min-scale 1) still passes on its callees' cold starts.

# %%
entry = s.get("entry", {})
pd.DataFrame({
    "entry requests that met a cold start there": entry.get("cold_by_service", {}),
    "entry requests that started it from zero": entry.get("triggered_cold_starts", {}),
}).rename_axis("service")

# %%
fig = kp.latency_cdf(run, title=f"{run.name}: entry latency, with and without a cold start on the path")
cold, warm = s["latency_cold"], s["latency_warm"]
if cold["count"] and warm["count"]:
    print(f"{cold['count']} of {cold['count'] + warm['count']} entry requests met a cold start somewhere on "
          f"their path: their median was {1000 * cold['p50']:.0f} ms against {1000 * warm['p50']:.0f} ms, "
          f"their p99 {1000 * cold['p99']:.0f} ms against {1000 * warm['p99']:.0f} ms.")
