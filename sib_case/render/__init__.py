"""Renderers: a Result in the form its reader wants. Each is imported when first asked
for, so heavy libraries (openpyxl, matplotlib) load only for their own format."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..labels import Lang
    from ..result import Result

# format: (module, function); every function is (result, lang) -> str | bytes, but the
# terminal table's, which is (result, lang, width) -> a Rich renderable
RENDERERS = {
    "table": ("table", "render_terminal"),
    "json": ("json", "render_json"),
    "markdown": ("markdown", "render_markdown"),
    "csv": ("csv", "render_csv"),
    "xlsx": ("xlsx", "render_xlsx"),
    "html": ("html", "render_html"),
}


def render(result: Result, fmt: str, lang: Lang = "en", width: int = 200) -> Any:
    """The result in format `fmt`: text, bytes, or (for the table) a Rich renderable."""
    from ..labels import speaking_of

    module, function = RENDERERS[fmt]
    make = getattr(import_module(f".{module}", __name__), function)
    with speaking_of(result.case):
        return make(result, lang, width) if fmt == "table" else make(result, lang)
