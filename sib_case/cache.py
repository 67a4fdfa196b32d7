"""What a batch command (`compare`, `portfolio`) worked out for a case file, kept for the
next run over the same file: a consultant's or a fund's folder of deals is run again and
again, and most files have not changed since.

A result is kept under a key of everything it rests on: the function, the file's name as
given and its bytes, the language of the messages, and the code that worked it out (every
file of the package, and the versions of Python and of the libraries the figures pass
through). Change any of them and the file is worked out again. Only good results are kept:
a broken file is read again each time, to say what is wrong with it.

The results are kept in one SQLite file in the user's cache folder (`SIB_CASE_CACHE_DIR`
names another; `--no-cache` does without). A cache that cannot be opened, read or written
is done without: it can only make a run quicker, never change what it gives.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sqlite3
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

KEEP_DAYS = 60  # a result not used for this long is let go
KEEP_MOST = 100_000  # results; beyond this the least recently used are let go
_CHUNK = 500  # keys a query (SQLite allows at least 999 parameters)


def folder() -> Path:
    """The cache folder: SIB_CASE_CACHE_DIR, else the platform's user cache folder. (Six
    lines rather than platformdirs, whose import took 15 ms in a fresh interpreter.)"""
    if given := os.environ.get("SIB_CASE_CACHE_DIR"):
        return Path(given)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "sib-case"


@functools.cache
def code_fingerprint() -> bytes:
    """A digest of the code a result rests on: every file of the package (its modules and
    presets) and the versions of Python and the libraries the figures pass through (read
    from the modules, which the work imports anyway: importlib.metadata takes 12 ms)."""
    import numpy
    import numpy_financial
    import pydantic
    import pydantic_core
    import yaml
    import yaml_rs

    libraries = (numpy, numpy_financial, pydantic, pydantic_core, yaml, yaml_rs)
    digest = hashlib.sha256(sys.version.encode())
    for module in libraries:
        digest.update(f"{module.__name__}={getattr(module, '__version__', '')};".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def key(function: Callable[..., Any], path: Path, lang: str) -> str | None:
    """The key of `function`'s result for the file; None where it is no regular file of at
    most the loader's size (a pipe, say, which would wait for ever) or cannot be read: the
    function says why."""
    from .loader import MAX_BYTES

    try:
        if not stat.S_ISREG(path.stat().st_mode):
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
    return digest.hexdigest()


class Cache:
    """The results kept: looked up before a run, added to after it."""

    def __init__(self, where: Path) -> None:
        where.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(where / "results.sqlite3", timeout=5)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL, used REAL NOT NULL)"
        )

    @classmethod
    def opened(cls) -> Cache | None:
        """The user's cache (begun again if its file is damaged), or None where it cannot
        be opened."""
        where = folder()
        try:
            return cls(where)
        except sqlite3.Error as err:
            if err.sqlite_errorcode not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
                return None  # locked by another run, say: done without
        except OSError:
            return None
        try:  # not a database (any more): begun again
            (where / "results.sqlite3").unlink()
            return cls(where)
        except (OSError, sqlite3.Error):
            return None

    def get(self, keys: list[str]) -> dict[str, Any]:
        """The results kept under those keys (a result that cannot be read is left out)."""
        found: dict[str, Any] = {}
        try:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for k, value in self._db.execute(
                    f"SELECT key, value FROM results WHERE key IN ({marks})", chunk
                ):
                    try:
                        found[k] = pickle.loads(value)  # our own results, in the user's own folder
                    except Exception:  # a damaged entry is worked out again
                        continue
            self._mark_used(list(found))
        except sqlite3.Error:
            return {}
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
        except (sqlite3.Error, pickle.PicklingError):
            return

    def _mark_used(self, keys: list[str]) -> None:
        now = time.time()
        with self._db:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                self._db.execute(f"UPDATE results SET used = ? WHERE key IN ({marks})", [now, *chunk])

    def close(self) -> None:
        self._db.close()
