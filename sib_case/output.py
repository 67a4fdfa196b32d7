"""Writing output files: never over a user's file without `force`, always atomically
(a temporary file beside the target, then a rename), so a crash leaves no half file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import SibCaseError


class OutputError(SibCaseError):
    """An output file that cannot or may not be written."""


class OutputExists(OutputError):
    """An output file that is there already and may not be overwritten."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path}: already exists")


def write_outputs(files: Mapping[Path, str | bytes], force: bool = False) -> None:
    """Write several files that belong together, checking all of them before writing any."""
    for path in files:
        check_target(Path(path), force)
    for path, data in files.items():
        write_output(path, data, force)


def check_target(target: Path, force: bool) -> Path:
    """The folder a file may be written into, or why it may not: a folder in its place, a
    file there already (unless `force`), no such folder."""
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name")
    if target.exists() and not force:
        raise OutputExists(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    return folder


def write_output(path: str | Path, data: str | bytes, force: bool = False) -> None:
    target = Path(path)
    folder = check_target(target, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, _mode_for(target))  # a temporary file is private; the result is not
        os.replace(temp, target)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The file's own permissions when it is replaced, else what the umask gives a new file."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
