"""sib-case: business cases for social impact investments (social impact bonds).

>>> from sib_case import load_case, evaluate
>>> result = evaluate(load_case("cases/dk-employment.yaml"))  # doctest: +SKIP
"""

from .errors import CaseFileError, SibCaseError
from .loader import load_case
from .model import Case
from .result import Result, evaluate, to_dict

__version__ = "0.1.0"
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
