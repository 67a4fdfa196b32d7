"""The `sib-case` command: parse arguments, make one library call, render, write."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from . import __version__
from .errors import SibCaseError
from .labels import Lang, default_lang, label

if TYPE_CHECKING:
    from .engine import Mode

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
    markdown = "markdown"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class Financing(StrEnum):
    sib = "sib"
    self = "self"


class Language(StrEnum):
    en = "en"
    da = "da"


SUFFIX_FORMAT = {
    ".json": "json",
    ".md": "markdown",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".txt": "table",
}
FILE_ONLY = {"xlsx", "html"}

LangOption = Annotated[
    Language | None,
    typer.Option("--lang", help="Language of labels and number formats (default: from the locale)."),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")]
ScenarioOption = Annotated[
    str | None, typer.Option("--scenario", help="Apply this named scenario of the case.")
]
FinancingOption = Annotated[
    Financing | None, typer.Option(help="Evaluate as this financing mode (default: the case's own).")
]


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


def _mode(choice: Financing | None) -> Mode | None:
    return "sib" if choice is Financing.sib else "self" if choice is Financing.self else None


def _lang(choice: Language | None) -> Lang:
    return "da" if choice is Language.da else "en" if choice is Language.en else default_lang()


def _format(given: StrEnum | None, output: Path | None, allowed: set[str]) -> str:
    """The format asked for, else the output file's suffix, else the table."""
    if given is not None:
        return str(given)
    if output is not None:
        implied = SUFFIX_FORMAT.get(output.suffix.lower())
        if implied in allowed:
            return implied
    return "table"


def _emit(data: str | bytes, output: Path | None, force: bool, fmt: str) -> None:
    """Print text results to stdout, or write any result atomically to `output`."""
    if output is None:
        if fmt in FILE_ONLY:
            _fail([f"--format {fmt} writes a file: give -o FILE.{fmt}"])
        assert isinstance(data, str)
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    from .output import write_output

    _guarded(lambda: write_output(output, data, force))
    print(f"wrote {output}", file=sys.stderr)


def _terminal_text(renderable: Any, to_file: bool) -> str:
    """Rich output as text: for the terminal with colour, for a file plain and wide."""
    import io

    from rich.console import Console

    if not to_file:
        Console().print(renderable)
        return ""
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None).print(renderable)
    return buffer.getvalue()


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
    format: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="Output format (default: from -o's suffix, else table)."),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    financing: FinancingOption = None,
    lang: LangOption = None,
    scenario: ScenarioOption = None,
) -> None:
    """Evaluate a case: yearly cash flows and key figures, SIB and self-financing side by side."""
    from .loader import load_case
    from .result import evaluate as run

    language = _lang(lang)
    fmt = _format(format, output, {f.value for f in Format})
    result = _guarded(lambda: run(load_case(case, scenario), _mode(financing), file=str(case)))
    if fmt == "table":
        import shutil

        from .render.table import render_table
        from .render.terminal_chart import render_terminal_chart

        width = 200 if output else shutil.get_terminal_size().columns
        group = render_table(result, width, language)
        text = _terminal_text(group, output is not None)
        text += _terminal_text(render_terminal_chart(result, width, language), output is not None)
        if output is not None:
            _emit(text, output, force, fmt)
        return
    from .render import render

    _emit(render(result, fmt, language), output, force, fmt)


@app.command()
def validate(
    cases: Annotated[list[Path], typer.Argument(help="Case files to check.")],
    lang: LangOption = None,
) -> None:
    """Check case files; report each one, exit 1 if any is invalid."""
    from .loader import load_case

    language = _lang(lang)
    bad = 0
    for path in cases:
        messages: list[str] = []
        try:
            for scenario in load_case(path).scenarios:  # every scenario must give a valid case too
                try:
                    load_case(path, scenario)
                except SibCaseError as err:
                    messages += err.messages()
        except SibCaseError as err:
            messages += err.messages()
        if messages:
            bad += 1
            for message in messages:
                print(message, file=sys.stderr)
        else:
            print(f"{path}: {label('valid', language)}")
    if bad:
        _fail([label("invalid_count", language).format(bad=bad, total=len(cases))])


@app.command()
def compare(
    paths: Annotated[list[str], typer.Argument(help="Case files, folders (every *.yaml / *.yml) or globs.")],
    sort_by: Annotated[
        str | None, typer.Option("--sort-by", help="A metric to sort by, largest first (e.g. municipal_npv).")
    ] = None,
    format: Annotated[
        CompareFormat | None,
        typer.Option("--format", "-f", help="Output format (default: from -o, else table)."),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Compare many cases: one row per case with its key figures."""
    from .compare import compare_cases, find_cases, sort_rows
    from .render.compare import render_compare

    language = _lang(lang)
    fmt = _format(format, output, {f.value for f in CompareFormat})
    files = _guarded(lambda: find_cases(paths))
    rows = _run_with_progress(compare_cases, files, language)
    rows = _guarded(lambda: sort_rows(rows, sort_by))
    failed = [row for row in rows if row.error]
    for row in failed:
        for message in row.error.splitlines():
            print(message, file=sys.stderr)
    if fmt == "table":
        import shutil

        width = 200 if output else shutil.get_terminal_size().columns
        text = _terminal_text(render_compare(rows, "table", language, width), output is not None)
        if output is not None:
            _emit(text, output, force, fmt)
    else:
        _emit(render_compare(rows, fmt, language), output, force, fmt)
    if failed:
        _fail([label("failed_count", language).format(bad=len(failed), total=len(rows))])


def _run_with_progress(compare_cases: Callable[..., Any], files: list[Path], lang: Lang) -> Any:
    """Evaluate the cases, with a progress bar on stderr when there are many."""
    if len(files) < 20 or not sys.stderr.isatty():
        return compare_cases(files)
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label("comparing", lang), total=len(files))
        return compare_cases(files, on_done=lambda: progress.advance(task))


@app.command()
def chart(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The chart file: .png or .svg.")],
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Chart the cumulative municipal net cash flow, SIB against self-financing."""
    from .loader import load_case
    from .render.chart import render_chart
    from .result import evaluate as run

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        _fail([f"{output}: the chart is written as .png or .svg"])
    result = _guarded(lambda: run(load_case(case), file=str(case)))
    _emit(render_chart(result, fmt, _lang(lang)), output, force, fmt)


@app.command()
def memo(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The memo file: .md or .docx.")],
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Write a council-memo section: summary, key figures, chart, assumptions and sources."""
    from .loader import load_case
    from .render.chart import render_chart
    from .render.memo import render_memo_docx, render_memo_markdown
    from .result import evaluate as run

    language = _lang(lang)
    suffix = output.suffix.lower()
    if suffix not in (".md", ".docx"):
        _fail([f"{output}: the memo is written as .md or .docx"])
    result = _guarded(lambda: run(load_case(case), file=str(case)))
    png = render_chart(result, "png", language)
    if suffix == ".docx":
        _emit(render_memo_docx(result, language, png), output, force, "docx")
        return
    chart_path = output.with_name(output.stem + "-chart.png")
    if not force and chart_path.exists():  # check both files before writing either
        _fail([f"{chart_path}: already exists; use --force to overwrite it"])
    if not force and output.exists():
        _fail([f"{output}: already exists; use --force to overwrite it"])
    _emit(png, chart_path, force, "png")
    _emit(render_memo_markdown(result, language, chart_path.name), output, force, "markdown")


class UncertaintyFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _uncertainty_output(
    data: Any,
    render: Callable[..., Any],
    fmt: UncertaintyFormat | None,
    output: Path | None,
    force: bool,
    lang: Lang,
) -> None:
    """Print or write a scenarios/sensitivity/simulation result as a table, JSON or Markdown."""
    chosen = _format(fmt, output, {f.value for f in UncertaintyFormat})
    made = render(data, chosen, lang)
    if chosen == "table":
        text = _terminal_text(made, output is not None)
        if output is not None:
            _emit(text, output, force, chosen)
        return
    _emit(made, output, force, chosen)


@app.command()
def scenarios(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).")],
    format: Annotated[UncertaintyFormat | None, typer.Option("--format", "-f", help="Output format.")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    financing: FinancingOption = None,
    lang: LangOption = None,
) -> None:
    """The case as written and under each of its named scenarios, side by side."""
    from .render.uncertainty import render_scenarios
    from .uncertainty import evaluate_scenarios

    data = _guarded(lambda: evaluate_scenarios(case, _mode(financing)))
    _uncertainty_output(data, render_scenarios, format, output, force, _lang(lang))


@app.command()
def sensitivity(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).")],
    format: Annotated[UncertaintyFormat | None, typer.Option("--format", "-f", help="Output format.")] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="A file: .png or .svg for the tornado chart, else the table."),
    ] = None,
    force: ForceOption = False,
    financing: FinancingOption = None,
    scenario: ScenarioOption = None,
    lang: LangOption = None,
) -> None:
    """Each uncertain input at its low and high value, one at a time: a tornado of the
    municipal NPV, and each input's switching value."""
    from .loader import load_case
    from .render.uncertainty import render_sensitivity
    from .uncertainty import sensitivity as run

    language = _lang(lang)
    data = _guarded(lambda: run(load_case(case, scenario), _mode(financing)))
    if output is not None and output.suffix.lower() in (".png", ".svg"):
        from .render.uncertainty_charts import render_tornado

        fmt = output.suffix.lower().lstrip(".")
        _emit(render_tornado(data, fmt, language), output, force, fmt)
        return
    _uncertainty_output(data, render_sensitivity, format, output, force, language)


@app.command()
def simulate(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).")],
    draws: Annotated[int, typer.Option("--draws", min=1, help="Number of joint draws.")] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the random draws; the same seed gives the same figures.")
    ] = 20261127,
    format: Annotated[UncertaintyFormat | None, typer.Option("--format", "-f", help="Output format.")] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="A file: .png or .svg for the histogram, else the table."),
    ] = None,
    force: ForceOption = False,
    financing: FinancingOption = None,
    scenario: ScenarioOption = None,
    lang: LangOption = None,
) -> None:
    """Monte Carlo: joint draws of every uncertain input through the engine at once."""
    from .loader import load_case
    from .render.uncertainty import render_simulation
    from .uncertainty import simulate as run

    language = _lang(lang)
    loaded = _guarded(lambda: load_case(case, scenario))
    mode = _mode(financing)
    if draws >= 200_000 and sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task(label("simulation_title", language), total=draws)
            result = run(loaded, draws, seed, mode, on_progress=lambda n: progress.advance(task, n))
    else:
        result = run(loaded, draws, seed, mode)
    if output is not None and output.suffix.lower() in (".png", ".svg"):
        from .render.uncertainty_charts import render_histogram

        fmt = output.suffix.lower().lstrip(".")
        _emit(render_histogram(result.municipal_npv, result.summary, fmt, language), output, force, fmt)
        return
    _uncertainty_output(result.summary, render_simulation, format, output, force, language)


@app.command()
def schema(
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of case files (for editor validation and completion)."""
    import json

    from .model import json_schema

    _emit(json.dumps(json_schema(), indent=2, ensure_ascii=False), output, force, "json")


@app.command()
def templates(lang: LangOption = None) -> None:
    """List the templates a new case can start from."""
    from .starter import describe, template_names

    for name in template_names():
        print(f"{name:<22} {describe(name)}")


@app.command()
def init(
    file: Annotated[Path, typer.Argument(help="The new case file to write.")],
    template: Annotated[
        str, typer.Option("--template", "-t", help="The template to start from.")
    ] = "employment",
    name: Annotated[str | None, typer.Option(help="The case's name.")] = None,
    municipality: Annotated[str | None, typer.Option(help="The municipality.")] = None,
    participants: Annotated[
        int | None, typer.Option(min=1, help="Participants in all (shared over cohorts).")
    ] = None,
    years: Annotated[int | None, typer.Option(min=1, max=100, help="Years the case runs (horizon).")] = None,
    financing: FinancingOption = None,
    force: ForceOption = False,
) -> None:
    """Write a new case from a template; asks a few questions in a terminal, takes flags
    otherwise. Never overwrites a file without --force."""
    from .starter import check, fill, template_text

    text = _guarded(lambda: template_text(template))
    if sys.stdin.isatty() and sys.stdout.isatty():
        name = name or typer.prompt("Name of the case / Sagens navn", default=_current(text, "name"))
        municipality = municipality or typer.prompt(
            "Municipality / Kommune", default=_current(text, "municipality")
        )
        participants = (
            participants or typer.prompt("Participants in all / Deltagere i alt", type=int, default=0) or None
        )
        years = years or typer.prompt("Years / År", type=int, default=int(_current(text, "horizon") or 10))
        if financing is None:
            answer = typer.prompt("Financing (sib/self) / Finansiering", default="sib")
            financing = Financing.self if answer.strip().lower() == "self" else Financing.sib
    filled = _guarded(lambda: fill(text, name, municipality, participants, years, _mode(financing)))
    _guarded(lambda: check(filled, str(file)))
    _emit(filled, file, force, "yaml")
    schema_file = file.parent / "case.schema.json"
    if not schema_file.exists():  # the file's first line points editors at it
        import json

        from .model import json_schema

        _emit(json.dumps(json_schema(), indent=2, ensure_ascii=False), schema_file, False, "json")


def _current(text: str, key: str) -> str:
    import re

    found = re.search(rf"^  {key}: (.*)$", text, re.M)
    return found.group(1).strip().strip('"') if found else ""


@app.command("export-indigo")
def export_indigo(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).")],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """The case as a record of the INDIGO impact bond data standard (Government Outcomes
    Lab), printed as JSON."""
    import json

    from .indigo import to_indigo
    from .loader import load_case
    from .result import evaluate as run

    loaded = _guarded(lambda: load_case(case))
    record = to_indigo(loaded, run(loaded, file=str(case)))
    _emit(json.dumps(record, indent=2, ensure_ascii=False), output, force, "json")


@app.command()
def explain(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).")],
    metric: Annotated[
        str | None, typer.Option("--metric", help="A metric of the JSON contract, or a yearly column.")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Explain this year's columns.")] = None,
    financing: FinancingOption = None,
    scenario: ScenarioOption = None,
    lang: LangOption = None,
) -> None:
    """How a figure arises, step by step, with the inputs it used."""
    from .explain import explain as run_explain
    from .explain import known_metrics
    from .loader import load_case
    from .result import YEAR_COLUMNS
    from .result import evaluate as run

    language = _lang(lang)
    result = _guarded(lambda: run(load_case(case, scenario), _mode(financing), file=str(case)))
    allowed = list(YEAR_COLUMNS) if year is not None else known_metrics(result.primary)
    if metric is not None and metric not in allowed:
        _fail(
            [
                f"--metric: no {'column' if year is not None else 'metric'} named '{metric}'; choose from: {', '.join(allowed)}"
            ]
        )
    from .formats import metric as show

    currency = result.case.case.currency
    for item in _guarded(lambda: run_explain(result, metric, year, language)):
        shown = (
            show(item.name, item.value, language, currency)
            if year is None
            else show("net_municipal_gain", item.value, language, currency)
        )
        print(f"{item.title}: {shown}")
        for step in item.steps:
            print(f"  {step}")
        print()
