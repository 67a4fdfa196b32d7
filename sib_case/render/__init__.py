"""Renderers: a Result in the form its reader wants. Each is imported when first asked
for, so heavy libraries (openpyxl, matplotlib) load only for their own format."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..labels import Lang
    from ..result import Result

# format: (module, function); every function is (result, lang) -> str | bytes
RENDERERS = {
    "json": ("json", "render_json"),
    "markdown": ("markdown", "render_markdown"),
    "csv": ("csv", "render_csv"),
    "xlsx": ("xlsx", "render_xlsx"),
    "html": ("html", "render_html"),
}


def render(result: Result, fmt: str, lang: Lang = "en") -> str | bytes:
    module, function = RENDERERS[fmt]
    made: str | bytes = getattr(import_module(f".{module}", __name__), function)(result, lang)
    return made
