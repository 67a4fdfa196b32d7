"""The JSON result contract, as text."""

from __future__ import annotations

import json

from ..labels import Lang
from ..result import Result, to_dict
from ..text import json_text


def render_json(result: Result, lang: Lang = "en") -> str:
    """The contract is language-neutral: `lang` is accepted and changes nothing."""
    return json_text(json.dumps(to_dict(result), indent=2, ensure_ascii=False, allow_nan=False))
