"""Cases per second for `sib-case compare` after start-up. Target: at least 1,000.

Generates N variants of the shipped cases (participants, effects and prices scaled) in
a temporary folder, then times the library's compare over them in-process, and the
whole command once.

    python benchmarks/compare_speed.py [--cases 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def make_cases(folder: Path, count: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    bases = [
        yaml.safe_load(p.read_text())
        for p in sorted((ROOT / "cases").glob("*.yaml"))
        if ".results." not in p.name
    ]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        data = bases[i % len(bases)]
        data["case"]["name"] = f"variant {i}"
        for cohort in data["cohorts"]:
            cohort["participants"] = max(1, round(cohort["participants"] * rng.uniform(0.5, 1.5)))
        cost = data["programme_cost"]["per_participant"]
        if isinstance(cost, int | float):  # a distribution stays as written
            data["programme_cost"]["per_participant"] = round(cost * rng.uniform(0.8, 1.2))
        path = folder / f"case{i:05d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from machine import machine_note

    from sib_case.cache import SETTLED_NS
    from sib_case.compare import compare_cases, evaluate_file

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SIB_CASE_CACHE_DIR"] = str(Path(tmp) / "cache")  # empty: nothing kept yet
        files = make_cases(Path(tmp) / "cases", args.cases)
        time.sleep(SETTLED_NS / 1e9)  # a file is kept once it has not changed for a moment
        evaluate_file(files[0])  # warm: imports, first pydantic build, Babel data
        for run in ("first run, nothing kept", "again, the files unchanged (kept)"):
            start = time.perf_counter()
            rows = compare_cases(files)
            took = time.perf_counter() - start
            assert not any(r.error for r in rows), [r.error for r in rows if r.error][:3]
            print(
                f"library compare, {run}: {len(files)} cases in {took:.2f} s = {len(files) / took:,.0f} cases/s"
            )
        for flags in (["--no-cache"], []):
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "sib_case",
                    "compare",
                    str(Path(tmp) / "cases"),
                    "--format",
                    "csv",
                    *flags,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                cwd=ROOT,
            )
            whole = time.perf_counter() - start
            kept = "--no-cache" if flags else "kept"
            print(f"whole command ({kept}): {len(files)} cases in {whole:.2f} s, start-up included")
        print("target: at least 1,000 cases/s after start-up")
    print(machine_note())


if __name__ == "__main__":
    main()
