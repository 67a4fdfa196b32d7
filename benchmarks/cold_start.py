"""Cold-start time of `sib-case evaluate` on a shipped case against a bare import of the
libraries it stands on. Target: within 1.2x. Prints medians over repeated runs.

    python benchmarks/cold_start.py [--runs 15] [--case cases/dk-employment.yaml]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = [sys.executable, "-c", "import typer, rich, pydantic, numpy, numpy_financial, yaml"]


# An installed package has compiled bytecode; let the source tree get it too (some
# environments set PYTHONDONTWRITEBYTECODE, which would recompile sib_case on every run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--case", default="cases/dk-employment.yaml")
    args = parser.parse_args()
    commands = {
        "bare import": BARE,
        "evaluate (table)": [sys.executable, "-m", "sib_case", "evaluate", args.case],
        "evaluate (json)": [sys.executable, "-m", "sib_case", "evaluate", args.case, "--format", "json"],
    }
    for command in commands.values():  # warm the file cache and the .pyc files
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):  # interleaved, so machine noise hits every command alike
        for name, command in commands.items():
            times[name].append(timed(command))
    base = statistics.median(times["bare import"])
    print(f"{'command':<20} {'median s':>9} {'min s':>7} {'x bare':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<20} {median:9.3f} {min(values):7.3f} {median / base:7.2f}")
    print("target: evaluate within 1.20x of the bare import")


if __name__ == "__main__":
    main()
