"""Executes a jupytext notebook source (notebooks/*.py) headless and exports it.

    python -m knsim_plots.notebooks SOURCE.py --out DIR [--html]

writes DIR/NAME.ipynb (executed, with its figures) and, with --html, DIR/NAME.html,
then prints `NAME: N figures`. A cell that raises fails the run (exit 1). The
notebook reads its inputs from environment variables (KNSIM_RESULTS, …), which the
kernel inherits. Used by scripts/notebooks.sh and by the test that runs a notebook.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def figure_count(notebook) -> int:
    """Images among the code cells' outputs."""
    return sum(
        1
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if any(kind.startswith("image/") for kind in output.get("data", {}))
    )


def strip_volatile_metadata(notebook) -> None:
    """Execution timestamps would change every export: drop them."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("papermill", None)


def execute(source: Path, out: Path, html: bool, timeout: int = 600) -> int:
    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(source.parent)}})
    client.execute()
    strip_volatile_metadata(notebook)
    out.mkdir(parents=True, exist_ok=True)
    name = source.stem
    nbformat.write(notebook, out / f"{name}.ipynb")
    if html:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(template_name="classic")
        body, _ = exporter.from_notebook_node(notebook)
        (out / f"{name}.html").write_text(body)
    return figure_count(notebook)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knsim_plots.notebooks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a jupytext notebook (notebooks/NAME.py)")
    parser.add_argument("--out", type=Path, required=True, help="folder for NAME.ipynb (and NAME.html)")
    parser.add_argument("--html", action="store_true", help="also export HTML")
    args = parser.parse_args(argv)
    try:
        figures = execute(args.source, args.out, args.html)
    except CellExecutionError as error:
        print(f"error: {args.source}: a cell failed:\n{error}", file=sys.stderr)
        return 1
    print(f"{args.source.stem}: {figures} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
