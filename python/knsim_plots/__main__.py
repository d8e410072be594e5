"""`python -m knsim_plots RESULT_DIR --format png --out DIR`: the figures of one run,
as `knsim plot` writes them. Prints one line per file written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt  # noqa: E402

from . import figures  # noqa: E402
from .results import load_run  # noqa: E402

# The same bytes for the same result: no creation date, and SVG ids from a fixed salt.
plt.rcParams["svg.hashsalt"] = "knsim"
METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}

# File name → figure, in the order they are written.
FIGURES = [
    ("pods", figures.pods_and_load),
    ("latency-cdf", figures.latency_cdf),
    ("cold-start-phases", figures.cold_start_phases),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="knsim plot", description=__doc__)
    parser.add_argument("result", help="a results folder written by knsim run")
    parser.add_argument("--format", choices=["png", "svg"], default="png")
    parser.add_argument("--out", help="folder for the figures (default: RESULT/plots)")
    args = parser.parse_args(argv)
    try:
        run = load_run(args.result)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(args.result) / "plots"
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in FIGURES:
        figure = draw(run)
        path = out / f"{name}.{args.format}"
        figure.savefig(path, format=args.format, dpi=110, metadata=METADATA[args.format])
        plt.close(figure)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
