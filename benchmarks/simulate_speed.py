"""Monte Carlo speed and memory. Targets: 100,000 draws of the largest shipped case in
under 1 s; `sib-case simulate` of 100,000 draws within 3x a plain `sib-case evaluate` of
the same case (whole commands); 1,000,000 draws in bounded memory (peak RSS printed).

    python benchmarks/simulate_speed.py [--case cases/dk-children-families.yaml]
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
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PEAK = (
    "import resource, sys; from sib_case.loader import load_case; from sib_case.uncertainty import simulate;"
    " simulate(load_case(sys.argv[1]), 1_000_000);"
    " print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
)


def command_time(args: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="cases/dk-children-families.yaml")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from sib_case.loader import load_case
    from sib_case.uncertainty import simulate

    case = load_case(ROOT / args.case)
    simulate(case, 1_000)  # warm
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        simulate(case, 100_000)
        runs.append(time.perf_counter() - start)
    print(f"100,000 draws in-process: {min(runs):.2f} s (best of 3; target under 1 s)")
    python = [sys.executable, "-m", "sib_case"]
    evaluate = command_time([*python, "evaluate", args.case, "-f", "json"])
    simulated = command_time([*python, "simulate", args.case, "--draws", "100000", "-f", "json"])
    print(
        f"evaluate command {evaluate:.2f} s; simulate 100,000 command {simulated:.2f} s = {simulated / evaluate:.1f}x (target at most 3x)"
    )
    peak = subprocess.run(
        [sys.executable, "-c", PEAK, args.case], check=True, capture_output=True, text=True, cwd=ROOT, env=ENV
    )
    print(f"1,000,000 draws: peak memory {peak.stdout.strip()} MB")


if __name__ == "__main__":
    main()
