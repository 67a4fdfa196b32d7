"""Many cases at once: find the case files, evaluate each under its own financing mode,
keep going past broken ones, sort by a metric."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SibCaseError
from .figures import METRICS, SCALARS, Metrics
from .labels import say
from .result import CaseInfo, evaluate_mode

PARALLEL_FROM = 200  # cases; below this, one process is quicker than starting workers


class CompareError(SibCaseError):
    """Paths that name no case file, or an unknown metric to sort by."""


@dataclass(frozen=True)
class CompareRow:
    file: str
    info: CaseInfo | None = None  # None when the case is broken
    metrics: Metrics | None = None
    error: str | None = None

    @property
    def name(self) -> str:
        return self.info.name if self.info is not None and self.info.name else Path(self.file).stem

    def case_json(self) -> dict[str, Any]:
        """The "case" object of the JSON contract; only the file when the case is broken."""
        return self.info.to_json() if self.info is not None else {"file": self.file}


def find_cases(paths: Iterable[str], sort_by: str | None = None) -> list[Path]:
    """Files as given; folders give every *.yaml and *.yml inside (not below); globs
    expand. Each path must name at least one file; `sort_by` must name a metric."""
    from .loader import case_of_results

    check_sort_key(sort_by)
    found: list[Path] = []
    missing: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in (".yaml", ".yml") and p.is_file() and case_of_results(p) is None
            )
            found.extend(inside) if inside else missing.append(
                f"{given}: no *.yaml or *.yml files in this folder"
            )
        elif glob.has_magic(given):
            matched = sorted(
                Path(p)
                for p in glob.glob(given, recursive=True)
                if Path(p).is_file() and case_of_results(p) is None
            )
            found.extend(matched) if matched else missing.append(f"{given}: {say('msg.no_match')}")
        else:
            found.append(path)  # a missing file is reported as that case's error
    if missing:
        raise CompareError("\n".join(missing))
    return list(dict.fromkeys(found))  # each file once, in order


def evaluate_file(path: Path) -> CompareRow:
    from .engine import compile_case
    from .loader import load_case
    from .result import case_info

    try:
        case = load_case(path)
        inputs = compile_case(case)
        mode = case.financing.mode
        result = evaluate_mode(inputs, mode)
    except SibCaseError as err:
        return CompareRow(str(path), error="\n".join(err.messages()))
    except Exception as err:  # one broken file never stops the batch; say it as the CLI would
        return CompareRow(
            str(path), error=f"{path}: internal error ({type(err).__name__}: {err}); please report it"
        )
    return CompareRow(str(path), case_info(case, str(path), mode), result.metrics)


def _evaluate_chunk(paths: list[Path]) -> list[CompareRow]:
    return [evaluate_file(p) for p in paths]


def compare_cases(
    files: list[Path], sort_by: str | None = None, on_done: Callable[[], None] | None = None
) -> list[CompareRow]:
    """Evaluate every file, sorted by `sort_by` if given; broken ones become rows with an
    error."""
    return sort_rows(_evaluate_all(files, on_done), sort_by)


def _evaluate_all(files: list[Path], on_done: Callable[[], None] | None = None) -> list[CompareRow]:
    """Every file evaluated; many files are shared out over the machine's cores."""
    workers = os.cpu_count() or 1
    if len(files) < PARALLEL_FROM or workers == 1:
        rows = []
        for path in files:
            rows.append(evaluate_file(path))
            if on_done:
                on_done()
        return rows
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(100, len(files) // (workers * 4)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    out: list[CompareRow] = []
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for chunk_rows in pool.map(_evaluate_chunk, chunks):
            out.extend(chunk_rows)
            if on_done:
                for _ in chunk_rows:
                    on_done()
    return out


def check_sort_key(metric: str | None) -> None:
    if metric is not None and (metric not in METRICS or METRICS[metric].per_outcome):
        names = ", ".join(sorted(f.name for f in SCALARS))
        raise CompareError(say("msg.cannot_sort", name=metric, names=names))


def sort_rows(rows: list[CompareRow], metric: str | None) -> list[CompareRow]:
    """Largest first by `metric`; cases without the figure (or broken) last."""
    if metric is None:
        return rows
    check_sort_key(metric)

    def key(row: CompareRow) -> tuple[int, float]:
        value = row.metrics[metric] if row.metrics else None
        return (0, -float(value)) if isinstance(value, int | float) else (1, 0.0)

    return sorted(rows, key=key)
