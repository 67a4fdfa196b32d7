"""`sib-case memo` against `sib-case evaluate` on the same case, as whole commands.
Target: the memo within 2x of evaluate. Prints medians over interleaved runs.

    python benchmarks/memo_speed.py [--runs 9] [--case cases/dk-employment.yaml]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# As cold_start.py: let the source tree keep its bytecode, as an installed package does.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--case", default="cases/dk-employment.yaml")
    args = parser.parse_args()
    run = [sys.executable, "-m", "sib_case"]
    with tempfile.TemporaryDirectory() as folder:
        commands = {
            "evaluate (table)": [*run, "evaluate", args.case],
            "evaluate (json)": [*run, "evaluate", args.case, "--format", "json"],
            "memo (md)": [*run, "memo", args.case, "-o", f"{folder}/memo.md", "--force"],
            "memo (docx)": [*run, "memo", args.case, "-o", f"{folder}/memo.docx", "--force"],
            "memo (pdf)": [*run, "memo", args.case, "-o", f"{folder}/memo.pdf", "--force"],
        }
        for command in commands.values():  # warm the file cache and the .pyc files
            timed(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so machine noise hits every command alike
            for name, command in commands.items():
                times[name].append(timed(command))
    base = statistics.median(times["evaluate (table)"])
    print(f"{'command':<18} {'median s':>9} {'min s':>7} {'x evaluate':>11}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<18} {median:9.3f} {min(values):7.3f} {median / base:11.2f}")
    print("target: memo within 2.00x of evaluate (table)")


if __name__ == "__main__":
    main()
