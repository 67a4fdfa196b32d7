"""One function over many case files, shared out over the machine's cores when there are
enough of them to pay for starting the workers (`compare`, `portfolio`), and what it
gave for a file kept for the next run over it (sib_case.cache)."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from .cache import Entry

T = TypeVar("T")
PARALLEL_FROM = 200  # files; below this, one process is quicker than starting workers


def _chunk(function: Callable[[Path], T], paths: list[Path]) -> list[T]:
    return [function(p) for p in paths]


def map_files(
    function: Callable[[Path], T],
    files: list[Path],
    on_done: Callable[[], None] | None = None,
    keep: Callable[[T], bool] | None = None,
) -> list[T]:
    """`function` (a module-level function, which workers can import) of every file, in
    order; `on_done` is called once a file. With `keep`, a file's result is taken from the
    cache where it is there, and the results `keep` accepts are added to it."""
    from .cache import Cache, entry, unchanged
    from .labels import spoken

    store = Cache.opened() if keep is not None else None
    if keep is None or store is None:
        return _worked_out(function, files, on_done)
    lang = spoken()
    try:
        entries = [entry(function, path, lang) for path in files]
        found = {k: r for k, r in store.get([e.key for e in entries if e]).items() if _kept(keep, r)}
        todo = [i for i, e in enumerate(entries) if e is None or e.key not in found]
        if on_done:
            for _ in range(len(files) - len(todo)):
                on_done()
        fresh = dict(zip(todo, _worked_out(function, [files[i] for i in todo], on_done), strict=True))
        store.put(
            {e.key: r for i, r in fresh.items() if (e := entries[i]) and keep(r) and unchanged(e, files[i])}
        )
    finally:
        store.close()
    return [fresh[i] if i in fresh else cast(T, found[cast("Entry", e).key]) for i, e in enumerate(entries)]


def _kept(keep: Callable[[T], bool], result: Any) -> bool:
    """Whether a result read back from the cache is one `keep` would keep (a foreign entry
    of another type is not)."""
    try:
        return keep(result)
    except Exception:
        return False


def _worked_out(
    function: Callable[[Path], T], files: list[Path], on_done: Callable[[], None] | None
) -> list[T]:
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
