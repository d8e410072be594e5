"""The figures. Each function takes loaded results (see `results`) and returns a
matplotlib Figure; none shows or saves it."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .results import RunResult, ValidationResult, ordered_phases

POD_COLOUR = "tab:blue"
DESIRED_COLOUR = "tab:orange"
LOAD_COLOUR = "0.6"
CLASS_STYLES = {"all": ("black", "-"), "warm": ("tab:green", "--"), "cold": ("tab:red", "-.")}

# Comparison metrics: how to label them and scale them for people (as `knsim compare`'s table).
METRIC_LABELS = {
    "cold_starts": ("cold starts", 1.0),
    "latency.p50": ("latency p50 (ms)", 1000.0),
    "latency.p95": ("latency p95 (ms)", 1000.0),
    "latency.p99": ("latency p99 (ms)", 1000.0),
    "failures.total": ("failures", 1.0),
    "pods.integral": ("pod-seconds", 1.0),
}


def smoothing_window(seconds: int, target_points: int = 400) -> int:
    """A rolling window (in rows, i.e. seconds) that leaves about `target_points`
    distinct values: per-second arrivals of a long run are noise at figure width."""
    return max(1, seconds // target_points)


def arrival_rate(timeseries: pd.DataFrame, window: int | None = None) -> pd.Series:
    """Arrivals per second, as a centred rolling mean over `window` seconds."""
    window = window or smoothing_window(len(timeseries))
    return timeseries["arrivals"].rolling(window, center=True, min_periods=1).mean()


def _load_axis(ax, time, rate, label="request rate"):
    """The request rate on a secondary axis, drawn behind the pods as a grey area."""
    twin = ax.twinx()
    twin.fill_between(time, rate, step="pre", color=LOAD_COLOUR, alpha=0.35, linewidth=0, label=label)
    twin.set_ylabel("requests per second", color="0.35")
    twin.set_ylim(bottom=0)
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    return twin


def _merged_legend(ax, twin, **kwargs):
    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = twin.get_legend_handles_labels()
    ax.legend(handles + more_handles, labels + more_labels, **kwargs)


def pods_and_load(run: RunResult, title: str | None = None) -> Figure:
    """Ready pods and the autoscaler's desired pods over time, against the request rate."""
    ts = run.timeseries
    fig, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    twin = _load_axis(ax, ts["time"], arrival_rate(ts))
    ax.step(ts["time"], ts["pods_ready"], where="pre", color=POD_COLOUR, linewidth=1.6, label="ready pods")
    ax.step(ts["time"], ts["desired_pods"], where="pre", color=DESIRED_COLOUR, linewidth=1.0,
            linestyle="--", label="desired pods")
    ax.set_xlabel("time (s)")
    ax.set_ylabel("pods")
    ax.set_ylim(bottom=0)
    ax.set_xlim(0, ts["time"].max() if len(ts) else 1)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _merged_legend(ax, twin, loc="upper left", fontsize="small")
    ax.set_title(title or f"{run.name}: pods against load")
    return fig


def _cdf_axes(ax):
    ax.set_xscale("log")
    ax.set_xlabel("latency (s, log scale)")
    ax.set_ylabel("fraction of requests ≤ latency")
    ax.set_ylim(0, 1.0)
    ax.grid(True, which="both", alpha=0.3)


def _draw_cdf(ax, latency: pd.DataFrame, column: str, label: str, colour: str, style: str):
    values = latency[column]
    if values.notna().sum() == 0:
        return
    ax.plot(values, latency["quantile"], color=colour, linestyle=style, drawstyle="steps-post", label=label)


def latency_cdf(run: RunResult, title: str | None = None, classes=("all", "warm", "cold")) -> Figure:
    """The latency distribution of all completed requests, and of those that met no
    cold start (warm) and those that did (cold), from latency.csv."""
    fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    _cdf_axes(ax)
    if run.latency is None:
        ax.text(0.5, 0.5, "no latency.csv in this result", ha="center", transform=ax.transAxes)
    else:
        counts = {"all": run.summary["latency"]["count"],
                  "warm": run.summary.get("latency_warm", {}).get("count", 0),
                  "cold": run.summary.get("latency_cold", {}).get("count", 0)}
        for cls in classes:
            colour, style = CLASS_STYLES[cls]
            _draw_cdf(ax, run.latency, cls, f"{cls} ({counts[cls]} requests)", colour, style)
        ax.legend(loc="lower right", fontsize="small")
    ax.set_title(title or f"{run.name}: latency CDF")
    return fig


def cold_start_phase_means(run: RunResult) -> pd.Series:
    """Each startup phase's contribution to the mean cold start (seconds): a phase's
    mean × the pods that went through it ÷ all cold starts, so that a phase only some
    pods have (an image pull) weighs by how often it happens and the parts add up to
    the mean creation-to-ready time."""
    cold = run.summary.get("cold_start", {})
    pods = cold.get("total", {}).get("count", 0)
    phases = cold.get("phases", {})
    if pods == 0:
        return pd.Series(dtype=float)
    names = ordered_phases(phases)
    return pd.Series({n: phases[n]["mean"] * phases[n]["count"] / pods for n in names})


# How the phases follow one another (Sources/Serving/Knative/KnativeSimulation+Pods.swift):
# istio-proxy starts beside the user container, so proxy-start overlaps
# user-container-start + application-init; endpoint propagation follows
# Kubernetes-ready (the end of `cold_start.total`) until the activator routes to the pod.
BEFORE_CONTAINERS = ["scheduling", "image-pull", "sandbox-creation", "container-creation"]
BESIDE_PROXY = ["user-container-start", "application-init"]
PROXY = ["proxy-start"]


def cold_start_phases(runs, title: str | None = None) -> Figure:
    """A stacked bar per run: where the mean cold start's time goes, phase by phase.
    proxy-start is drawn beside the user container's phases, which it overlaps (the
    stack continues after the longer of the two); a black tick marks the measured
    mean creation-to-ready time. Phase means are means of means, so the stack is an
    approximation of the critical path, not a sum over pods."""
    runs = [runs] if isinstance(runs, RunResult) else list(runs)
    means = {run.name: cold_start_phase_means(run) * 1000 for run in runs}
    fig, ax = plt.subplots(figsize=(max(5.5, 1.7 * len(runs) + 4), 4.8), layout="constrained")
    if all(m.empty or m.sum() == 0 for m in means.values()):
        ax.text(0.5, 0.5, "no cold start in this run", ha="center", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_title(title or "Cold start: pod creation to ready, by phase")
        return fig
    phases = ordered_phases(set().union(*[m.index for m in means.values()]))
    colours = {phase: plt.get_cmap("tab10")(i % 10) for i, phase in enumerate(phases)}
    labelled = set()
    top = 0.0

    def segment(x, width, bottom, phase, value, hatch=None):
        label = None if phase in labelled else phase
        labelled.add(phase)
        ax.bar(x, value, width=width, bottom=bottom, color=colours[phase], label=label, hatch=hatch,
               edgecolor="white" if hatch else None, align="edge")

    for i, (name, m) in enumerate(means.items()):
        x = i - 0.3
        level = 0.0
        for phase in [p for p in BEFORE_CONTAINERS if p in m]:
            segment(x, 0.42, level, phase, m[phase])
            level += m[phase]
        main = level
        for phase in [p for p in BESIDE_PROXY if p in m]:
            segment(x, 0.42, main, phase, m[phase])
            main += m[phase]
        side = level
        for phase in [p for p in PROXY if p in m]:
            segment(x + 0.44, 0.16, side, phase, m[phase], hatch="//")
            side += m[phase]
        level = max(main, side)
        for phase in [p for p in m.index if p not in BEFORE_CONTAINERS + BESIDE_PROXY + PROXY]:
            segment(x, 0.42, level, phase, m[phase])
            level += m[phase]
        ax.text(x + 0.3, level, f"{level:.0f} ms", ha="center", va="bottom", fontsize="small")
        run = next(r for r in runs if r.name == name)
        ready = run.summary["cold_start"]["total"]["mean"] * 1000
        ax.hlines(ready, x - 0.04, x + 0.64, color="black", linewidth=2,
                  label=None if "ready" in labelled else "measured mean creation→ready")
        labelled.add("ready")
        top = max(top, level, ready)
    ax.set_xticks(range(len(means)), list(means), rotation=15 if len(means) > 3 else 0)
    ax.set_xlim(-0.6, len(means) - 0.4)
    ax.set_ylim(0, top * 1.12)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small", title="phase")
    ax.set_ylabel("mean time per cold start (ms)")
    ax.set_title(title or "Cold start: pod creation to ready, by phase")
    return fig


def cold_start_rate(run: RunResult, window: int = 60, title: str | None = None) -> Figure:
    """Cold starts over time, per `window` seconds: pods created, and the fraction of
    arriving requests that found their revision without a pod."""
    ts = run.timeseries
    if "pods_created" not in ts.columns:
        raise ValueError(f"{run.path}/timeseries.csv has no pods_created column (written by an older knsim)")
    bins = (np.ceil(ts["time"] / window) * window).astype(int)
    grouped = ts.groupby(bins)[["arrivals", "pods_created", "cold_requests"]].sum()
    fraction = (grouped["cold_requests"] / grouped["arrivals"].where(grouped["arrivals"] > 0)) * 100
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 5.5), sharex=True, layout="constrained")
    starts = grouped.index - window
    top.bar(starts, grouped["pods_created"], width=window, align="edge", color="tab:purple", alpha=0.65, label="pods created")
    top.set_ylabel(f"pods created per {window} s")
    top.yaxis.get_major_locator().set_params(integer=True)
    twin = _load_axis(top, ts["time"], arrival_rate(ts))
    _merged_legend(top, twin, loc="upper left", fontsize="small")
    bottom.bar(starts, fraction.fillna(0), width=window, align="edge", color="tab:red")
    bottom.set_ylabel("cold requests (% of arrivals)")
    bottom.set_xlabel("time (s)")
    bottom.set_xlim(0, ts["time"].max() if len(ts) else 1)
    top.set_title(title or f"{run.name}: cold starts per {window} s")
    return fig


def comparison_metrics(comparison: pd.DataFrame, metrics=None, title: str | None = None) -> Figure:
    """One panel per metric: each variant's mean with its 95% confidence interval."""
    metrics = list(metrics or dict.fromkeys(comparison["metric"]))
    variants = list(dict.fromkeys(comparison["variant"]))
    columns = min(3, len(metrics))
    rows = math.ceil(len(metrics) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(3.6 * columns, 3.0 * rows), layout="constrained", squeeze=False)
    colours = plt.get_cmap("tab10")
    for ax, metric in zip(axes.flat, metrics):
        label, scale = METRIC_LABELS.get(metric, (metric, 1.0))
        cells = comparison[comparison["metric"] == metric].set_index("variant").reindex(variants)
        means = cells["mean"] * scale
        errors = cells["half_width"].fillna(0) * scale
        ax.bar(range(len(variants)), means, yerr=errors, capsize=4,
               color=[colours(i % 10) for i in range(len(variants))])
        ax.set_xticks(range(len(variants)), variants, rotation=20, ha="right", fontsize="small")
        ax.set_title(label, fontsize="medium")
        ax.set_ylim(bottom=0)
    for ax in list(axes.flat)[len(metrics):]:
        ax.set_visible(False)
    replications = int(comparison["replications"].max()) if len(comparison) else 0
    fig.suptitle(title or f"Mean and 95% confidence interval over {replications} replications")
    return fig


def pods_per_policy(runs: dict, start: float | None = None, end: float | None = None,
                    title: str | None = None) -> Figure:
    """Ready pods over time, one panel per policy (in the dict's order, all on the same
    scales), each against the request rate, optionally between `start` and `end`
    seconds. Panels rather than overlaid lines: policies that hold their pods through
    a silence would hide one another."""
    fig, axes = plt.subplots(len(runs), 1, figsize=(10, 1.2 + 1.55 * len(runs)), sharex=True, sharey=True,
                             layout="constrained", squeeze=False)
    colours = plt.get_cmap("tab10")
    first = next(iter(runs.values())).timeseries
    lo = start if start is not None else 0
    hi = end if end is not None else first["time"].max()
    rate_top = 0.0
    twins = []
    for i, (ax, (label, run)) in enumerate(zip(axes[:, 0], runs.items())):
        ts = run.timeseries[(run.timeseries["time"] >= lo) & (run.timeseries["time"] <= hi)]
        rate = arrival_rate(ts, smoothing_window(int(hi - lo)))
        twin = _load_axis(ax, ts["time"], rate)
        twins.append(twin)
        rate_top = max(rate_top, float(rate.max()) if len(rate) else 0.0)
        ax.step(ts["time"], ts["pods_ready"], where="pre", color=colours(i % 10), linewidth=1.6, label="ready pods")
        seconds = run.summary["duration_seconds"] - run.summary["warmup_seconds"]
        ax.set_ylabel("pods")
        ax.text(0.005, 0.93, f"{label}: {run.summary['cold_starts']} cold starts, "
                             f"{run.summary['pods']['integral']:.0f} pod-seconds over {seconds:.0f} s",
                transform=ax.transAxes, va="top", fontsize="small",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
        ax.yaxis.get_major_locator().set_params(integer=True)
    for twin in twins:
        twin.set_ylim(0, rate_top * 1.15 or 1)
    axes[0, 0].set_ylim(0, max(1, axes[0, 0].get_ylim()[1] * 1.35))
    axes[-1, 0].set_xlim(lo, hi)
    axes[-1, 0].set_xlabel("time (s)")
    _merged_legend(axes[0, 0], twins[0], loc="upper right", fontsize="small")
    fig.suptitle(title or "Ready pods per policy against the request rate")
    return fig


def validation_pods(validation: ValidationResult, title: str | None = None) -> Figure:
    """The simulated and the real pod count over time, against the request rate."""
    pods = validation.pods
    fig, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    twin = _load_axis(ax, validation.simulated.timeseries["time"], arrival_rate(validation.simulated.timeseries))
    ax.step(pods["time"], pods["simulated_pods"], where="pre", color=POD_COLOUR, label="simulated")
    ax.step(pods["time"], pods["real_pods"], where="pre", color="tab:red", linestyle="--", label="real")
    ax.set_xlabel("time (s)")
    ax.set_ylabel("ready pods")
    top = max(pods["simulated_pods"].max(), pods["real_pods"].max()) if len(pods) else 1
    ax.set_ylim(0, top * 1.25 + 0.25)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _merged_legend(ax, twin, loc="upper left", fontsize="small")
    ax.set_title(title or f"{validation.simulated.name}: pods, simulated and real")
    return fig


def validation_latency_cdfs(validation: ValidationResult, title: str | None = None) -> Figure:
    """The latency CDFs of the simulated and the real run, warm and cold apart."""
    fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    _cdf_axes(ax)
    for source, run, colour in (("simulated", validation.simulated, POD_COLOUR),
                                ("real", validation.real, "tab:red")):
        if run.latency is None:
            continue
        _draw_cdf(ax, run.latency, "all", f"{source}", colour, "-")
        _draw_cdf(ax, run.latency, "cold", f"{source}, cold", colour, ":")
    ax.legend(loc="lower right", fontsize="small")
    ax.set_title(title or f"{validation.simulated.name}: latency, simulated and real")
    return fig
