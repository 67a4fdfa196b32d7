"""The JSON result contract, as text."""

from __future__ import annotations

import json

from ..result import Result, to_dict


def render_json(result: Result) -> str:
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False, allow_nan=False)
