"""The service call graph of a run with calls between services (summary.json's
`edges`, edges.csv): a matplotlib drawing for when Graphviz is not installed (`knsim
graph` draws the same graph with Graphviz), and per-edge cold calls and latency.

The drawing follows `knsim graph` (Sources/Results/ServiceGraph.swift): each service
a box holding its revisions, traffic from a `clients` node into the revisions that
receive requests from outside, each call an arrow from the caller's box to the
callee revision labelled with its rate and p95, red and thick when at least 1% of
its answered calls met a cold start.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .results import RunResult

# As ServiceGraph.coldHeavyShare: an edge is drawn red from this share of cold calls.
COLD_HEAVY_SHARE = 0.01
COLD_COLOUR = "#c0392b"
EDGE_COLOUR = "0.3"
BOX_COLOUR = "#7f8fa6"
NODE_FILL = "#eef3fb"


def edge_table(run: RunResult) -> pd.DataFrame:
    """edges.csv with each edge's answered calls and the share that met a cold start.
    Raises ValueError when the run has no calls between services."""
    if run.edges is None or run.edges.empty:
        raise ValueError(f"{run.path}: no edges.csv (the run has no calls between services)")
    table = run.edges.copy()
    answered = table["completed"] + table["failed"]
    table["cold_share"] = (table["cold"] / answered.where(answered > 0)).fillna(0.0)
    table["edge"] = table["caller"] + " → " + table["callee_revision"]
    return table


def graphviz_svg(run: RunResult) -> str | None:
    """The SVG `knsim graph RESULT_DIR` wrote next to graph.dot (when Graphviz's dot
    was on PATH), or None."""
    file = Path(run.path) / "graph.svg"
    return file.read_text() if file.is_file() else None


def _services(run: RunResult) -> dict[str, list[str]]:
    """Revisions by service, both in name order (as `knsim graph`)."""
    services: dict[str, list[str]] = {}
    for name in sorted(run.summary["revisions"]):
        services.setdefault(run.summary["revisions"][name]["service"], []).append(name)
    return services


def _entry_rates(run: RunResult, edges: pd.DataFrame) -> dict[str, float]:
    """Requests per second each revision got from outside (not from a call)."""
    seconds = max(0.0, run.summary["duration_seconds"] - run.summary["warmup_seconds"])
    called = edges.groupby("callee_revision")["sent"].sum()
    rates = {}
    for name, revision in sorted(run.summary["revisions"].items()):
        outside = revision["requests"]["arrived"] - int(called.get(name, 0))
        if outside > 0 and seconds > 0:
            rates[name] = outside / seconds
    return rates


def _depths(services: dict[str, list[str]], edges: pd.DataFrame, entries) -> dict[str, int]:
    """Each service's column: 1 for services reached from clients, then one more per
    call (the longest path, so a callee sits right of every caller); calls in a cycle
    do not push further."""
    revision_service = {r: s for s, revisions in services.items() for r in revisions}
    calls = sorted({(c, s) for c, s in zip(edges["caller"], edges["callee_service"])})
    depth = {s: 1 for s in services if any(revision_service[r] == s for r in entries)}
    for service in services:
        depth.setdefault(service, 1)
    for _ in range(len(services)):
        for caller, callee in calls:
            if depth[callee] < depth[caller] + 1 <= len(services):
                depth[callee] = depth[caller] + 1
    return depth


def service_graph(run: RunResult, title: str | None = None) -> Figure:
    """The call graph drawn with matplotlib, left to right from the clients."""
    edges = edge_table(run)
    services = _services(run)
    entries = _entry_rates(run, edges)
    depth = _depths(services, edges, entries)
    columns: dict[int, list[str]] = {}
    for service in services:
        columns.setdefault(depth[service], []).append(service)

    # Positions: a revision node is 1 unit high with 0.5 between revisions; services
    # in a column are stacked with 1 unit between boxes, centred on y = 0.
    column_width, node_w, node_h = 5.0, 2.3, 0.8
    node_xy: dict[str, tuple[float, float]] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for column, names in columns.items():
        heights = [len(services[s]) * 1.3 + 0.5 for s in names]
        top = (sum(heights) + 1.0 * (len(names) - 1)) / 2
        x = column * column_width
        for service, height in zip(names, heights):
            boxes[service] = (x - node_w / 2 - 0.25, top - height, node_w + 0.5, height)
            for i, revision in enumerate(services[service]):
                node_xy[revision] = (x, top - 0.25 - 0.65 - 1.3 * i)
            top -= height + 1.0
    tallest = max(b[3] for b in boxes.values()) if boxes else 1.0

    fig, ax = plt.subplots(figsize=(2.6 * (max(columns) + 1) + 1, max(3.5, 1.1 * tallest + 1.8)),
                           layout="constrained")
    for service, (x, y, w, h) in boxes.items():
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.05,rounding_size=0.2",
                                    facecolor="none", edgecolor=BOX_COLOUR))
        ax.text(x + w / 2, y + h - 0.08, service, ha="center", va="top", fontsize="small", color=BOX_COLOUR,
                fontweight="bold")
    for name, (x, y) in node_xy.items():
        revision = run.summary["revisions"][name]
        ax.add_patch(FancyBboxPatch((x - node_w / 2, y - node_h / 2), node_w, node_h,
                                    boxstyle="round,pad=0.02,rounding_size=0.12", facecolor=NODE_FILL,
                                    edgecolor="0.4"))
        ax.text(x, y, f"{name}\n{revision['requests']['arrived']} requests, "
                      f"p95 {1000 * revision['latency']['p95']:.1f} ms",
                ha="center", va="center", fontsize="x-small")
    clients = (0.0, 0.0)
    ax.add_patch(plt.Circle(clients, 0.55, facecolor="white", edgecolor="0.4"))
    ax.text(*clients, "clients", ha="center", va="center", fontsize="small")

    def arrow(start, end, label, colour, width, at=0.5):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=colour,
                                     linewidth=width, shrinkA=0, shrinkB=0))
        # Labels past the middle, where arrows from one caller have fanned out.
        mx, my = start[0] + at * (end[0] - start[0]), start[1] + at * (end[1] - start[1])
        ax.text(mx, my, label, ha="center", va="center", fontsize="x-small", color=colour,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85})

    for name, rate in entries.items():
        x, y = node_xy[name]
        arrow((clients[0] + 0.55, clients[1]), (x - node_w / 2, y), f"{rate:.2f} rps", EDGE_COLOUR, 1.2)
    for row in edges.itertuples():
        bx, by, bw, bh = boxes[row.caller]
        x, y = node_xy[row.callee_revision]
        label = f"{row.rate:.2f} rps\np95 {1000 * row.latency_p95:.1f} ms"
        cold = row.cold_share >= COLD_HEAVY_SHARE
        if cold:
            label += f"\ncold {100 * row.cold_share:.1f}%"
        arrow((bx + bw, by + bh / 2), (x - node_w / 2, y), label, COLD_COLOUR if cold else EDGE_COLOUR,
              2.5 if cold else 1.2, at=0.55)

    lows = [b[1] for b in boxes.values()] + [-0.6]
    highs = [b[1] + b[3] for b in boxes.values()] + [0.6]
    ax.set_xlim(-0.8, max(columns) * column_width + node_w / 2 + 0.6)
    ax.set_ylim(min(lows) - 0.3, max(highs) + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title or f"{run.name} (seed {run.summary['seed']}): service graph")
    return fig


def edge_cold_calls_and_latency(run: RunResult, title: str | None = None) -> Figure:
    """Per call edge: how many calls met a cold start (left) and the call latency's
    p50, p95 and p99 as the caller saw it (right, log scale)."""
    edges = edge_table(run)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 0.55 * len(edges) + 1.8), sharey=True,
                                      layout="constrained", gridspec_kw={"width_ratios": [2, 3]})
    positions = range(len(edges))
    colours = [COLD_COLOUR if s >= COLD_HEAVY_SHARE else "tab:blue" for s in edges["cold_share"]]
    left.barh(positions, edges["cold"], color=colours)
    for y, (cold, share) in enumerate(zip(edges["cold"], edges["cold_share"])):
        left.text(cold, y, f" {cold} ({100 * share:.1f}%)", va="center", fontsize="small")
    left.set_yticks(list(positions), edges["edge"])
    left.invert_yaxis()
    left.set_xlabel("calls that met a cold start")
    left.set_xlim(0, max(1, edges["cold"].max()) * 1.45)
    for offset, (column, label, colour) in zip((-0.25, 0.0, 0.25), (
            ("latency_p50", "p50", "tab:green"), ("latency_p95", "p95", "tab:orange"),
            ("latency_p99", "p99", "tab:purple"))):
        right.barh([p + offset for p in positions], 1000 * edges[column], height=0.25, color=colour, label=label)
    right.set_xscale("log")
    right.set_xlabel("call latency (ms, log scale)")
    right.grid(True, axis="x", which="both", alpha=0.3)
    right.legend(loc="lower right", fontsize="small")
    fig.suptitle(title or f"{run.name}: per call edge")
    return fig
