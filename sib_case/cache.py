"""What a batch command (`compare`, `portfolio`) worked out for a case file, kept for the
next run over the same file: a consultant's or a fund's folder of deals is run again and
again, and most files have not changed since.

A result is kept under a key of everything it rests on: the function, the file's name as
given and its bytes, the language of the messages, and the code that worked it out (every
file of the package, the machine's kind, and the versions of Python and of the libraries
the figures pass through). Change any of them and the file is worked out again. Only good
results are kept: a broken file is read again each time, to say what is wrong with it. A
result is kept only if its file did not change while it was worked out (and was not
changed in the last two seconds before, which a coarse file clock could hide).

The results are kept in one SQLite file in the user's cache folder (`SIB_CASE_CACHE_DIR`
names another; `--no-cache` does without), readable by the user alone. Only the result
types of sib-case and numpy's arrays are read back from it. A cache that cannot be opened,
read or written is done without, and a damaged one is begun again: it can only make a run
quicker, never change what it gives.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import os
import pickle
import platform
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

KEEP_DAYS = 60  # a result not used for this long is let go
KEEP_MOST = 100_000  # results; beyond this the least recently used are let go
SETTLED_NS = 2_000_000_000  # a file changed more recently than this is not kept (a coarse clock)
_CHUNK = 500  # keys a query (SQLite allows at least 999 parameters)
_FILE = "results.sqlite3"
_DAMAGED = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


def folder() -> Path:
    """The cache folder: SIB_CASE_CACHE_DIR, else the platform's user cache folder. (Some
    lines rather than platformdirs, whose import took 15 ms in a fresh interpreter.)"""
    if given := os.environ.get("SIB_CASE_CACHE_DIR"):
        return Path(given)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"  # a relative one is ignored
    return base / "sib-case"


@functools.cache
def code_fingerprint() -> bytes:
    """A digest of the code a result rests on: every file of the package (its modules and
    presets), the machine's kind and the versions of Python and the libraries the figures
    pass through (read from the modules, which the work imports anyway: importlib.metadata
    takes 12 ms)."""
    import numpy
    import numpy_financial
    import pydantic
    import pydantic_core
    import yaml
    import yaml_rs

    libraries = (numpy, numpy_financial, pydantic, pydantic_core, yaml, yaml_rs)
    digest = hashlib.sha256(f"{sys.version};{platform.machine()};".encode())
    for module in libraries:
        digest.update(f"{module.__name__}={getattr(module, '__version__', '')};".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


class Entry(NamedTuple):
    """A file's key, and what its file looked like when it was read for it."""

    key: str
    stamp: tuple[int, int, int, int]  # inode, size, modified, changed (ns)
    settled: bool  # not changed in the SETTLED_NS before it was read


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def entry(function: Callable[..., Any], path: Path, lang: str) -> Entry | None:
    """The key of `function`'s result for the file; None where it is no regular file of at
    most the loader's size (a pipe, say, which would wait for ever) or cannot be read: the
    function says why."""
    from .loader import MAX_BYTES

    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            return None
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES:
        return None
    digest = hashlib.sha256(code_fingerprint())
    name = f"{function.__module__}.{function.__qualname__}\0{lang}\0{path}\0"
    digest.update(name.encode("utf-8", "surrogateescape"))
    digest.update(data)
    settled = max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - SETTLED_NS
    return Entry(digest.hexdigest(), _stamp(st), settled)


def unchanged(made: Entry, path: Path) -> bool:
    """Whether the file is still as it was when it was read for its key: its result may be
    kept under that key."""
    try:
        return made.settled and _stamp(path.stat()) == made.stamp
    except OSError:
        return False


def _chunks(keys: list[str]) -> Iterator[tuple[list[str], str]]:
    """The keys a query at a time, each with its marks for `IN (...)`."""
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        yield chunk, ",".join("?" * len(chunk))


class _Results(pickle.Unpickler):
    """Reads back sib-case's result types (dataclasses) and numpy's arrays, nothing else: a
    cache folder that someone else could write into can give wrong figures at worst, never
    run code."""

    NUMPY = frozenset(
        {("numpy", "dtype"), ("numpy._core.numeric", "_frombuffer"), ("numpy.core.numeric", "_frombuffer")}
    )

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.NUMPY:
            return super().find_class(module, name)
        if module.split(".")[0] == "sib_case":
            found = super().find_class(module, name)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is no result of sib-case")


class Cache:
    """The results kept: looked up before a run, added to after it."""

    def __init__(self, where: Path) -> None:
        self._where = where
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        file = where / _FILE
        if not file.exists():
            os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))  # the user's alone
        self._db = sqlite3.connect(file, timeout=5)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL, used REAL NOT NULL)"
        )

    @classmethod
    def opened(cls) -> Cache | None:
        """The user's cache (begun again if its file is damaged), or None where it cannot
        be opened."""
        try:
            where = folder()
        except RuntimeError:  # no home folder
            return None
        try:
            code_fingerprint()  # the package's files can be read
            return cls(where)
        except sqlite3.Error as err:
            if getattr(err, "sqlite_errorcode", None) in _DAMAGED:
                return cls._begun_again(where)
            return None  # locked by another run, say: done without
        except OSError:
            return None

    @classmethod
    def _begun_again(cls, where: Path) -> Cache | None:
        try:
            for end in ("", "-journal", "-wal", "-shm"):
                (where / (_FILE + end)).unlink(missing_ok=True)
            return cls(where)
        except (OSError, sqlite3.Error):
            return None

    def get(self, keys: list[str]) -> dict[str, Any]:
        """The results kept under those keys (a result that cannot be read is left out)."""
        found: dict[str, Any] = {}
        try:
            for chunk, marks in _chunks(keys):
                for k, value in self._db.execute(
                    f"SELECT key, value FROM results WHERE key IN ({marks})", chunk
                ):
                    try:
                        found[k] = _Results(io.BytesIO(value)).load()
                    except Exception:  # a damaged or foreign entry is worked out again
                        continue
        except sqlite3.Error as err:
            self._damaged(err)
            return {}
        with contextlib.suppress(sqlite3.Error):  # a cache it may read, not write: its results count
            self._mark_used(list(found))
        return found

    def put(self, results: dict[str, Any]) -> None:
        """Keep these results (each under its key), and let go of the old ones."""
        now = time.time()
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                    [(k, pickle.dumps(v, pickle.HIGHEST_PROTOCOL), now) for k, v in results.items()],
                )
                self._db.execute("DELETE FROM results WHERE used < ?", (now - KEEP_DAYS * 86_400,))
                (count,) = self._db.execute("SELECT count(*) FROM results").fetchone()
                if count > KEEP_MOST:
                    self._db.execute(
                        "DELETE FROM results WHERE key NOT IN"
                        " (SELECT key FROM results ORDER BY used DESC LIMIT ?)",
                        (KEEP_MOST,),
                    )
        except sqlite3.Error as err:
            self._damaged(err)

    def _damaged(self, err: sqlite3.Error) -> None:
        """A database found damaged on the way is begun again, for the next run."""
        if getattr(err, "sqlite_errorcode", None) in _DAMAGED:
            self._db.close()
            again = self._begun_again(self._where)
            if again is not None:
                self._db = again._db

    def _mark_used(self, keys: list[str]) -> None:
        now = time.time()
        with self._db:
            for chunk, marks in _chunks(keys):
                self._db.execute(f"UPDATE results SET used = ? WHERE key IN ({marks})", [now, *chunk])

    def close(self) -> None:
        self._db.close()
