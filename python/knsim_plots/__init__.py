"""Figures of knsim's results files, shared by the notebooks (notebooks/) and
`knsim plot` (which runs `python -m knsim_plots`).

Reading lives in `results`, drawing in `figures`; every figure function returns a
matplotlib Figure and never calls `plt.show()`, so a notebook displays it and the
command line saves it.
"""

from .results import (
    RunResult,
    STARTUP_PHASES,
    load_comparison,
    load_run,
    load_validation,
    ValidationResult,
)
from .figures import (
    cold_start_phases,
    cold_start_rate,
    comparison_metrics,
    latency_cdf,
    pods_and_load,
    pods_per_policy,
    validation_latency_cdfs,
    validation_pods,
)
from .graph import edge_cold_calls_and_latency, edge_table, graphviz_svg, service_graph

__all__ = [
    "RunResult", "ValidationResult", "STARTUP_PHASES",
    "load_run", "load_comparison", "load_validation",
    "pods_and_load", "latency_cdf", "cold_start_phases", "cold_start_rate",
    "comparison_metrics", "pods_per_policy", "validation_pods", "validation_latency_cdfs",
    "edge_table", "graphviz_svg", "service_graph", "edge_cold_calls_and_latency",
]
