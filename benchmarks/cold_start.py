"""Cold start of `sib-case evaluate` on a shipped case against a bare import of the
libraries it stands on (issue 8). Targets: evaluate within 1.20x of the bare import,
`sib-case --help` under 0.30 s. Prints medians and minima of interleaved runs.

    python benchmarks/cold_start.py [--runs 15] [--case cases/dk-employment.yaml]

A bare import is the libraries a command loads, made ready to use and nothing more:
the JSON road loads click, pydantic, numpy, numpy_financial and yaml; the table road
also rich. `import pydantic` alone is lazy (it loads neither BaseModel nor the
schema builder, which any use of pydantic pays for), so the bare import defines and
validates one tiny model; the row "imports only" shows the statements without it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
IMPORTS_ONLY = "import click, pydantic, numpy, numpy_financial, yaml"
JSON_LIBS = (
    IMPORTS_ONLY
    + "\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM.model_validate({'x': 1})"
)
TABLE_LIBS = JSON_LIBS + "\nimport rich.console, rich.table, rich.panel, rich.text"
TARGET_RATIO = 1.20
TARGET_HELP = 0.30

# An installed package has compiled bytecode; let the source tree get it too (some
# environments set PYTHONDONTWRITEBYTECODE, which would recompile sib_case on every run).
# A fixed width makes the table road draw the same table on every machine.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"COLUMNS": "100"}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    return time.perf_counter() - start


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="interleaved runs of each command")
    parser.add_argument("--case", default="cases/dk-employment.yaml")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    cli = [PYTHON, "-m", "sib_case"]
    commands = {
        "imports only (json libs)": [PYTHON, "-c", IMPORTS_ONLY],
        "bare import (json libs)": [PYTHON, "-c", JSON_LIBS],
        "bare import (table libs)": [PYTHON, "-c", TABLE_LIBS],
        "evaluate --format json": [*cli, "evaluate", args.case, "--format", "json"],
        "evaluate (table)": [*cli, "evaluate", args.case],
        "--help": [*cli, "--help"],
        "evaluate --help": [*cli, "evaluate", "--help"],
    }
    base_of = {
        "evaluate --format json": "bare import (json libs)",
        "evaluate (table)": "bare import (table libs)",
    }
    names = list(commands)
    for command in commands.values():  # warm the file cache and the .pyc files
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in names}
    for run in range(args.runs):  # interleaved and rotated, so machine noise hits every command alike
        for name in names[run % len(names) :] + names[: run % len(names)]:
            times[name].append(timed(commands[name]))
    median = {name: statistics.median(values) for name, values in times.items()}

    packages = ", ".join(f"{p} {version(p)}" for p in ("click", "pydantic", "numpy", "rich"))
    print(f"{args.runs} interleaved runs of each; Python {sys.version.split()[0]}; {packages}")
    print(f"{'command':<28} {'median s':>9} {'min s':>7} {'x bare':>7}")
    for name in names:
        ratio = f"{median[name] / median[base_of[name]]:7.2f}" if name in base_of else ""
        print(f"{name:<28} {median[name]:9.3f} {min(times[name]):7.3f} {ratio:>7}")
    print()
    for name in ("evaluate --format json", "evaluate (table)"):
        ratio = median[name] / median[base_of[name]]
        verdict = "met" if ratio <= TARGET_RATIO else "missed"
        print(f"{name}: {ratio:.2f}x its bare import (target <= {TARGET_RATIO:.2f}x: {verdict})")
    verdict = "met" if median["--help"] < TARGET_HELP else "missed"
    print(f"sib-case --help: {median['--help']:.3f} s (target < {TARGET_HELP:.2f} s: {verdict})")


if __name__ == "__main__":
    main()
