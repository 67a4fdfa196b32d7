"""`sib-case portfolio` at scale. Targets: at least 1,000 cases a second after start-up
over 1,000 case files, and a Monte Carlo of 100 cases x 10,000 draws within 10x one
case's simulation of 100,000 draws.

Generates variants of the shipped Danish cases (participants and prices scaled) in a
temporary folder (as compare_speed.py does) and times the library in-process.

    python benchmarks/portfolio_speed.py [--cases 1000] [--mc-cases 100]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--mc-cases", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from compare_speed import make_cases
    from machine import machine_note

    from sib_case.cache import SETTLED_NS
    from sib_case.loader import load_case
    from sib_case.portfolio import load_deals, make_basis, portfolio, simulate_portfolio
    from sib_case.uncertainty import simulate

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SIB_CASE_CACHE_DIR"] = str(Path(tmp) / "cache")  # empty: nothing kept yet
        files = [f for f in make_cases(Path(tmp) / "cases", args.cases) if "GBP" not in f.read_text()]
        time.sleep(SETTLED_NS / 1e9)  # a file is kept once it has not changed for a moment
        load_deals(files[:1], cache=False)  # warm: imports, first pydantic build
        for run in ("first run, nothing kept", "again, the files unchanged (kept)"):
            start = time.perf_counter()
            deals, errors = load_deals(files)
            held = portfolio(deals, make_basis(deals), errors)
            took = time.perf_counter() - start
            assert not errors, errors[:3]
            print(
                f"portfolio, {run}: {len(files)} cases in {took:.2f} s"
                f" = {len(files) / took:,.0f} cases/s (target 1,000)"
            )

        one = load_case(ROOT / "cases" / "dk-employment.yaml")
        start = time.perf_counter()
        simulate(one, draws=100_000)
        single = time.perf_counter() - start
        few = portfolio(deals[: args.mc_cases], make_basis(deals[: args.mc_cases]))
        start = time.perf_counter()
        simulate_portfolio(few, 10_000, 1)
        many = time.perf_counter() - start
        print(f"one case, 100,000 draws: {single:.2f} s")
        print(
            f"portfolio of {len(few.deals)} cases x 10,000 draws: {many:.2f} s = {many / single:.1f}x (target 10x)"
        )
        assert held.totals.deals == len(files)
    print(machine_note())


if __name__ == "__main__":
    main()
