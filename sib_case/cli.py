"""The `sib-case` command: parse arguments, make one library call, render."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from . import __version__
from .errors import SibCaseError

# The command needs no pydantic plugins; looking them up costs start-up time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    help="Business cases for social impact investments (social impact bonds).",
)


class Format(StrEnum):
    table = "table"
    json = "json"


class Financing(StrEnum):
    sib = "sib"
    self = "self"


def _fail(messages: list[str], code: int = 1) -> NoReturn:
    for message in messages:
        print(message, file=sys.stderr)
    raise typer.Exit(code)


def _guarded(call: Callable[[], Any]) -> Any:
    """Run one library call; turn the library's errors into messages and exit code 1."""
    try:
        return call()
    except SibCaseError as err:
        _fail(err.messages(), err.exit_code)


def _version(value: bool) -> None:
    if value:
        print(f"sib-case {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Business cases for social impact investments (social impact bonds)."""


@app.command()
def evaluate(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    financing: Annotated[
        Financing | None, typer.Option(help="Evaluate as this financing mode (default: the case's own).")
    ] = None,
) -> None:
    """Evaluate a case: yearly cash flows and key figures, SIB and self-financing side by side."""
    from .loader import load_case
    from .result import evaluate as run

    result = _guarded(lambda: run(load_case(case), financing.value if financing else None, file=str(case)))
    if format is Format.json:
        from .render.json import render_json

        print(render_json(result))
    else:
        from rich.console import Console

        from .render.table import render_table

        console = Console()
        console.print(render_table(result, console.width))


@app.command()
def validate(cases: Annotated[list[Path], typer.Argument(help="Case files to check.")]) -> None:
    """Check case files; report each one, exit 1 if any is invalid."""
    from .loader import load_case

    bad = 0
    for path in cases:
        try:
            load_case(path)
        except SibCaseError as err:
            bad += 1
            for message in err.messages():
                print(message, file=sys.stderr)
        else:
            print(f"{path}: ok")
    if bad:
        _fail([f"{bad} of {len(cases)} case file(s) invalid"])
