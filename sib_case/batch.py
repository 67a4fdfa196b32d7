"""One function over many case files, shared out over the machine's cores when there are
enough of them to pay for starting the workers (`compare`, `portfolio`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
PARALLEL_FROM = 200  # files; below this, one process is quicker than starting workers


def _chunk(function: Callable[[Path], T], paths: list[Path]) -> list[T]:
    return [function(p) for p in paths]


def map_files(
    function: Callable[[Path], T], files: list[Path], on_done: Callable[[], None] | None = None
) -> list[T]:
    """`function` (a module-level function, which workers can import) of every file, in
    order; `on_done` is called once a file."""
    workers = os.cpu_count() or 1
    if len(files) < PARALLEL_FROM or workers == 1:
        out = []
        for path in files:
            out.append(function(path))
            if on_done:
                on_done()
        return out
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(100, len(files) // (workers * 4)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    results: list[T] = []
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for done in pool.map(partial(_chunk, function), chunks):
            results.extend(done)
            if on_done:
                for _ in done:
                    on_done()
    return results
