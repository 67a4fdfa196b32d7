"""sib-case: business cases for social impact investments (social impact bonds).

>>> from sib_case import load_case, evaluate
>>> result = evaluate(load_case("cases/dk-employment.yaml"))  # doctest: +SKIP

The names below are imported on first use, so `sib-case --help` starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {
    "Case": "model",
    "CaseFileError": "errors",
    "SibCaseError": "errors",
    "load_case": "loader",
    "Result": "result",
    "evaluate": "result",
    "to_dict": "result",
}
__all__ = [
    "Case",
    "CaseFileError",
    "Result",
    "SibCaseError",
    "__version__",
    "evaluate",
    "load_case",
    "to_dict",
]

if TYPE_CHECKING:
    from .errors import CaseFileError, SibCaseError
    from .loader import load_case
    from .model import Case
    from .result import Result, evaluate, to_dict


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'sib_case' has no attribute {name!r}")
