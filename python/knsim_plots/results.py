"""Reading knsim's results files into pandas.

A run's folder (`knsim run --out DIR`) holds summary.json, timeseries.csv and
latency.csv, and edges.csv when its services call one another; `knsim compare` writes comparison.csv; `knsim validate --out DIR`
writes DIR/simulated/ and DIR/real/ (each a run's folder), DIR/comparison.csv and
DIR/pods.csv.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# A cold start's phases in the order a pod goes through them (Sources/Serving/Knative/
# StartupPhases.swift); a phase a later model adds is drawn after these, by name.
STARTUP_PHASES = [
    "scheduling", "image-pull", "sandbox-creation", "container-creation", "proxy-start",
    "user-container-start", "application-init", "readiness-probe", "endpoint-propagation",
]


@dataclass
class RunResult:
    """One run: its summary (a dict, as in summary.json) and its two tables."""

    path: Path
    summary: dict
    timeseries: pd.DataFrame
    # One row per quantile of the fixed grid; columns all, warm, cold (seconds,
    # NaN where a class had no request). None for results written before latency.csv.
    latency: pd.DataFrame | None
    # One row per call edge (caller service → callee revision): sent, completed,
    # failed, rate, latency_* (seconds), error_share, cold. None when the run's
    # services make no calls.
    edges: pd.DataFrame | None = None

    @property
    def name(self) -> str:
        return self.summary.get("scenario") or self.path.name


def load_run(path: str | Path) -> RunResult:
    """Reads a run's folder; a missing summary.json or timeseries.csv raises
    FileNotFoundError naming the file."""
    folder = Path(path)
    summary_file = folder / "summary.json"
    timeseries_file = folder / "timeseries.csv"
    for required in (summary_file, timeseries_file):
        if not required.is_file():
            raise FileNotFoundError(f"{required}: no such file (is {folder} a knsim results folder?)")
    summary = json.loads(summary_file.read_text())
    timeseries = pd.read_csv(timeseries_file)
    latency_file = folder / "latency.csv"
    latency = pd.read_csv(latency_file) if latency_file.is_file() else None
    edges_file = folder / "edges.csv"
    edges = pd.read_csv(edges_file) if edges_file.is_file() else None
    return RunResult(path=folder, summary=summary, timeseries=timeseries, latency=latency, edges=edges)


def load_comparison(path: str | Path) -> pd.DataFrame:
    """`knsim compare`'s comparison.csv (a file, or the folder holding it):
    variant, metric, mean, half_width, lower, upper, replications."""
    file = Path(path)
    if file.is_dir():
        file = file / "comparison.csv"
    return pd.read_csv(file)


@dataclass
class ValidationResult:
    """`knsim validate --out DIR`: the simulated and the real run of one scenario."""

    path: Path
    simulated: RunResult
    real: RunResult
    # metric, simulated, real, difference
    comparison: pd.DataFrame
    # time, simulated_pods, real_pods
    pods: pd.DataFrame


def load_validation(path: str | Path) -> ValidationResult:
    folder = Path(path)
    return ValidationResult(
        path=folder,
        simulated=load_run(folder / "simulated"),
        real=load_run(folder / "real"),
        comparison=pd.read_csv(folder / "comparison.csv"),
        pods=pd.read_csv(folder / "pods.csv"),
    )


def ordered_phases(names) -> list[str]:
    """Startup phase names in a pod's order, unknown ones after, sorted."""
    names = list(names)
    known = [p for p in STARTUP_PHASES if p in names]
    return known + sorted(n for n in names if n not in STARTUP_PHASES)
