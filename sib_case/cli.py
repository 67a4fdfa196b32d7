"""The `sib-case` command: each command parses its arguments, makes one library call and
renders. One wrapper (`_guard`) turns every error into a message and an exit code:
the project's errors and OS errors exit 1 with their message, Ctrl-C exits 130, and
anything unexpected exits 2 with one line (the traceback only with --debug or
SIB_CASE_DEBUG=1)."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import shlex
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__
from .errors import SibCaseError
from .labels import CLICK_DA, HELP_DA, Lang, label, say, speaking, speaking_of, spoken
from .output import OutputExists
from .text import printable

if TYPE_CHECKING:
    from .engine import Mode

# The command needs no pydantic plugins; looking them up costs start-up time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
F = TypeVar("F", bound=Callable[..., Any])


class UsageError(SibCaseError):
    """Arguments that do not fit together, such as an output file the command cannot write."""


def _say(message: str, to: Any = None) -> None:
    """A line for the person at the terminal: text from a case file can hold escape
    sequences and control characters, which are shown escaped, never sent raw."""
    print(printable(message), file=to or sys.stderr)


def _fail(messages: list[str], code: int = 1) -> NoReturn:
    for message in messages:
        _say(message)
    raise click.exceptions.Exit(code)


def _debug() -> bool:
    return os.environ.get("SIB_CASE_DEBUG", "") not in ("", "0")


def _guard(command: F) -> F:
    """The one error path of every command; its messages in the command's language."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with speaking(_lang(kwargs.get("lang"))):
            try:
                return command(*args, **kwargs)
            except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
                raise
            except OutputExists as err:
                _fail([say("exists", path=err.path)], err.exit_code)
            except SibCaseError as err:
                _fail(err.messages(), err.exit_code)
            except KeyboardInterrupt:
                _fail([say("msg.interrupted")], 130)
            except OSError as err:
                where = f"{err.filename}: " if err.filename else ""
                _fail([f"sib-case: {where}{err.strerror or err}"])
            except Exception as err:
                if _debug():
                    raise
                _fail(
                    [
                        f"sib-case: internal error ({type(err).__name__}: {err}); please report it with the case file",
                        "(run with --debug or SIB_CASE_DEBUG=1 to see where it happened)",
                    ],
                    2,
                )

    return run  # type: ignore[return-value]


def _set_debug(context: click.Context, parameter: click.Parameter, value: bool) -> None:
    if value:
        os.environ["SIB_CASE_DEBUG"] = "1"


def _click_text(message: str) -> str:
    return CLICK_DA.get(message, message) if spoken() == "da" else message


def _click_plural(singular: str, plural: str, count: int) -> str:
    return _click_text(singular if count == 1 else plural)


def _click_speaks() -> None:
    """Click's own words (usage errors, help headings) in the messages' language: Click
    asks gettext for each through its modules' `_` and `ngettext`, answered from CLICK_DA."""
    import gettext

    for module in (
        click.core,
        click.exceptions,
        click.parser,
        click.types,
        click.formatting,
        click.decorators,
        click.termui,
    ):
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _click_text  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = _click_plural  # type: ignore[attr-defined]


def _argv_lang(args: list[str]) -> str | None:
    """The --lang of a command line, found before Click parses it, so that a usage error
    in the line speaks it."""
    for at, arg in enumerate(args):
        if arg == "--lang" and at + 1 < len(args):
            return args[at + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


LANGS = ("en", "da")
USAGE_WORDS = {"[OPTIONS]": "usage.options", "COMMAND [ARGS]...": "usage.command"}  # Click's: label keys


@contextlib.contextmanager
def _helps_spoken(command: click.Command) -> Iterator[None]:
    """While the block runs, the command's help and its options' in the messages' language
    (HELP_DA under --lang da; a text without its Danish stays English)."""
    if spoken() != "da":
        yield
        return
    holders: list[Any] = [command, *command.params]
    english = [getattr(h, "help", None) for h in holders]
    for holder, text in zip(holders, english, strict=True):
        if text:
            holder.help = HELP_DA.get(inspect.cleandoc(text), text)
    named = [  # an option's value by its type's name (TEXT, PATH): in Danish too
        p for p in command.params if isinstance(p, click.Option) and p.metavar is None and not p.is_flag
    ]
    for option in named:
        option.metavar = CLICK_DA.get(option.type.name.upper())
    try:
        yield
    finally:
        for holder, text in zip(holders, english, strict=True):
            if text:
                holder.help = text
        for option in named:
            option.metavar = None


class _Usage(click.Command):
    """A usage line and help in the messages' language: "Brug: sib-case evaluate [TILVALG] CASE"."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [label(USAGE_WORDS[p], spoken()) if p in USAGE_WORDS else p for p in pieces]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _helps_spoken(self):
            super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:  # the group's list of commands
        with _helps_spoken(self):
            return super().get_short_help_str(limit)


class _App(_Usage, click.Group):
    """The command group: the whole run, Click's parsing included, in one language."""

    command_class = _Usage

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        _click_speaks()
        with speaking(_lang(_argv_lang(argv))):
            return super().main(argv, *rest, **kwargs)


@click.group(cls=_App, context_settings={"help_option_names": ["--help", "-h"]})
@click.version_option(__version__, "--version", prog_name="sib-case", message="%(prog)s %(version)s")
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="Show the traceback of an internal error.",
)
@click.option(  # read before Click parses (_App.main); here so that `sib-case --help --lang da` is taken
    "--lang",
    type=click.Choice(LANGS),
    expose_value=False,
    help="Language of labels and number formats (default: from the locale).",
)
def app() -> None:
    """Business cases for social impact investments (social impact bonds)."""


def command(name: str | None = None) -> Callable[[F], F]:
    """A command of `app`, with the one error path around it."""

    def register(function: F) -> F:
        app.command(name)(_guard(function))
        return function

    return register


# ---- options shared by several commands

MODES = ("sib", "self")


case_argument = click.argument("case", type=click.Path(path_type=Path))
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    help="Language of labels and number formats (default: from the locale).",
)
force_option = click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
cache_option = click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Work every file out again, not taking what earlier runs kept for unchanged files"
    " (kept in the user's cache folder, or SIB_CASE_CACHE_DIR), and keep nothing.",
)
scenario_option = click.option("--scenario", help="Apply this named scenario of the case.")
financing_option = click.option(
    "--financing", type=click.Choice(MODES), help="Evaluate as this financing mode (default: the case's own)."
)


def output_option(suffixes: str, required: bool = False) -> Callable[[F], F]:
    return click.option(
        "--output",
        "-o",
        type=click.Path(path_type=Path),
        required=required,
        help=f"Write to this file ({suffixes})" + ("." if required else " instead of stdout."),
    )


def results_option(help: str) -> Callable[[F], F]:
    return click.option("--results", type=click.Path(path_type=Path), help=help)


def format_option(formats: tuple[str, ...]) -> Callable[[F], F]:
    return click.option(
        "--format",
        "-f",
        "format_",
        type=click.Choice(formats),
        help="Output format (default: from -o, else table).",
    )


def _mode(choice: str | None) -> Mode | None:
    return "sib" if choice == "sib" else "self" if choice == "self" else None


def _lang(choice: str | None) -> Lang:
    """The language asked for, else the run's: a --lang before the command, or the locale."""
    return "da" if choice == "da" else "en" if choice == "en" else spoken()


# ---- rendering and writing

SUFFIX_FORMAT = {
    ".json": "json",
    ".md": "markdown",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".txt": "table",
    ".png": "png",
    ".svg": "svg",
    ".docx": "docx",
    ".pdf": "pdf",
}
FILE_ONLY = {"xlsx", "html", "png", "svg", "docx", "pdf"}


def _format(given: str | None, output: Path | None, choices: tuple[str, ...], force: bool) -> str:
    """The format asked for, else the output file's suffix, else the table. A suffix the
    command cannot write is refused, not written as something else, and so is a file that
    is there already (without `force`), before any work is done."""
    implied = SUFFIX_FORMAT.get(output.suffix.lower()) if output is not None else None
    if output is not None and implied not in choices and (given is None or given in FILE_ONLY):
        suffixes = ", ".join(s for s, f in SUFFIX_FORMAT.items() if f in choices)
        raise UsageError(say("msg.cannot_write", output=output, suffix=output.suffix, suffixes=suffixes))
    fmt = given or implied or "table"
    if output is None and fmt in FILE_ONLY:
        raise UsageError(say("msg.writes_a_file", fmt=fmt))
    if output is not None:
        from .output import check_target

        check_target(output, force)
    return fmt


def _deliver(made: Any, output: Path | None, force: bool) -> None:
    """Print a result to stdout (a Rich renderable through Rich), or write it atomically
    to `output` (a Rich renderable as plain text)."""
    if not isinstance(made, str | bytes):
        made = _rich_text(made, output is not None)
        if output is None:
            return
    if output is None:
        assert isinstance(made, str)
        sys.stdout.write(made if made.endswith("\n") else made + "\n")
        return
    _write({output: made}, force)


def _write(files: Mapping[Path, str | bytes], force: bool) -> None:
    """Write files that belong together (none unless all may be written), and say so."""
    from .output import write_outputs

    write_outputs(files, force)
    for path in files:
        _say(say("wrote", file=path))


def _rich_text(renderable: Any, to_file: bool) -> str:
    """Rich output: printed to the terminal with colour, or as plain wide text for a file."""
    import io

    from rich.console import Console

    if not to_file:
        Console().print(renderable)
        return ""
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None).print(renderable)
    return buffer.getvalue()


def _width(output: Path | None) -> int:
    import shutil

    return 200 if output is not None else shutil.get_terminal_size().columns


# ---- commands

FORMATS = ("table", "json", "markdown", "csv", "xlsx", "html")


@command()
@case_argument
@format_option(FORMATS)
@output_option(".json, .md, .csv, .xlsx, .html, .txt")
@force_option
@financing_option
@lang_option
@scenario_option
@results_option("Evaluate the case with these measured results in place of its assumptions.")
def evaluate(
    case: Path,
    format_: str | None,
    output: Path | None,
    force: bool,
    financing: str | None,
    lang: str | None,
    scenario: str | None,
    results: Path | None,
) -> None:
    """Evaluate a case: yearly cash flows and key figures, SIB and self-financing side by side."""
    from .render import render
    from .result import evaluate as run

    fmt = _format(format_, output, FORMATS, force)
    result = run(_measured_case(case, scenario, results), _mode(financing), file=str(case))
    _deliver(render(result, fmt, _lang(lang), _width(output)), output, force)


@command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path))
@lang_option
def validate(cases: tuple[Path, ...], lang: str | None) -> None:
    """Check case files and every scenario in them; report each one, exit 1 if any is invalid."""
    from .loader import check_file, notices_of

    language = _lang(lang)
    problems = {path: check_file(path) for path in cases}
    for path, messages in problems.items():
        if messages:
            for message in messages:
                _say(message)
        else:
            _say(f"{path}: {label('valid', language)}", sys.stdout)
            for note in notices_of(path):
                _say(note)
    if bad := sum(1 for messages in problems.values() if messages):
        key = "invalid_one" if bad == 1 else "invalid_count"
        _fail([label(key, language).format(bad=bad, total=len(cases))])


COMPARE_FORMATS = ("table", "json", "csv", "markdown", "xlsx")


@command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--sort-by",
    help="A metric to sort by, largest first (e.g. municipal_npv); an amount only where every case is"
    " in one currency, or converted.",
)
@click.option(
    "--rate",
    "rates",
    multiple=True,
    metavar="CUR=X",
    help="Convert amounts in CUR to the common currency: 1 CUR = X of it (e.g. GBP=8.7). Once a"
    " currency; every currency but the common one needs a rate.",
)
@click.option(
    "--currency",
    metavar="CODE",
    help="The common currency to convert to (default: the one most cases use).",
)
@format_option(COMPARE_FORMATS)
@output_option(".json, .csv, .md, .xlsx, .txt")
@force_option
@cache_option
@lang_option
def compare(
    paths: tuple[str, ...],
    sort_by: str | None,
    rates: tuple[str, ...],
    currency: str | None,
    format_: str | None,
    output: Path | None,
    force: bool,
    no_cache: bool,
    lang: str | None,
) -> None:
    """Compare many cases (files, folders of *.yaml / *.yml, globs): one row per case with
    its municipality, file, financing, start year, currency, capital and key figures.
    Amounts stay in each case's currency unless converted with --rate."""
    from .compare import CurrencyError, compare_cases, currency_code, find_cases, parse_rates
    from .render.compare import render_compare

    language, fmt = _lang(lang), _format(format_, output, COMPARE_FORMATS, force)
    given, common = parse_rates(rates), currency_code(currency) if currency is not None else None
    files = find_cases(paths, sort_by)
    try:
        with _progress(len(files), label("comparing", language)) as advance:
            rows = compare_cases(
                files, sort_by, on_done=advance, rates=given, currency=common, cache=not no_cache
            )
    except CurrencyError as err:
        example = " ".join(f"--rate {code}=X" for code in err.missing)
        hint = say("msg.rate_hint", example=example, first=err.missing[0], currency=err.currency)
        raise UsageError(f"{err}\n{hint}") from None
    failed = [row for row in rows if row.error]
    for row in failed:
        for message in str(row.error).splitlines():
            _say(message)
    _deliver(render_compare(rows, fmt, language, _width(output), sort_by), output, force)
    if failed:
        _fail([label("failed_count", language).format(bad=len(failed), total=len(rows))])


PORTFOLIO_FORMATS = ("table", "json", "csv", "markdown", "xlsx", "png", "svg")


@command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--currency", help="The currency every figure is put in (default: the one most cases use).")
@click.option(
    "--rate",
    "rates",
    multiple=True,
    metavar="CUR=X",
    help="Convert CUR at X units of the portfolio's currency for one CUR (repeat for each); "
    "amounts are never converted without one.",
)
@click.option(
    "--price-year",
    type=click.IntRange(1900, 2200),
    help="The price year (default: the latest of the cases').",
)
@click.option(
    "--base-year",
    type=click.IntRange(1900, 2200),
    help="The year present values are in (default: the price year).",
)
@click.option(
    "--discount-rate", help="The rate for the municipalities' present value: 0.035 or 3.5% (default 3.5%)."
)
@click.option(
    "--index",
    "indices",
    multiple=True,
    help="A price index for a currency: a preset (dk-cpi, uk-cpi) or a YAML file with currency and values.",
)
@click.option(
    "--fund-capital",
    type=click.IntRange(min=0),
    help="The fund's own capital (a municipality's fund, say): its balance is followed year by year.",
)
@click.option(
    "--draws",
    type=click.IntRange(0, 1_000_000),
    default=0,
    help="Monte Carlo draws over the deals (default: none).",
)
@click.option("--seed", type=click.IntRange(min=0), default=20261127, help="The simulation's seed.")
@click.option(
    "--shared-effect",
    help="With --draws: every deal's effects also scaled by one shared factor a draw, lognormal with this sigma (0.3, say).",
)
@format_option(PORTFOLIO_FORMATS)
@output_option(".json, .csv, .md, .xlsx, .txt, .png, .svg")
@force_option
@cache_option
@lang_option
def portfolio(
    paths: tuple[str, ...],
    currency: str | None,
    rates: tuple[str, ...],
    price_year: int | None,
    base_year: int | None,
    discount_rate: str | None,
    indices: tuple[str, ...],
    fund_capital: int | None,
    draws: int,
    seed: int,
    shared_effect: str | None,
    format_: str | None,
    output: Path | None,
    force: bool,
    no_cache: bool,
    lang: str | None,
) -> None:
    """A fund's or a municipality's view over many cases (files, folders, globs): capital
    committed, drawn, outstanding and received back by year, the fund's IRR and multiple,
    what the municipalities gain, by municipality, investor, policy area and start year, on
    one currency and price year."""
    import json

    from .compare import find_cases, parse_rates
    from .loader import case_of_results
    from .portfolio import load_deals, make_basis, price_index, simulate_portfolio
    from .portfolio import portfolio as add_up
    from .render.portfolio import (
        portfolio_chart,
        portfolio_csv,
        portfolio_markdown,
        portfolio_table,
        portfolio_workbook,
        simulation_lines,
    )
    from .text import json_text

    language, fmt = _lang(lang), _format(format_, output, PORTFOLIO_FORMATS, force)
    stated = parse_rates(rates)
    rate = _share_option("--discount-rate", discount_rate) if discount_rate is not None else 0.035
    sigma = _share_option("--shared-effect", shared_effect) if shared_effect is not None else None
    files = [f for f in find_cases(paths) if case_of_results(f) is None]  # a results file is no case
    deals, errors = load_deals(files, cache=not no_cache)
    for error in errors:
        for message in error.splitlines():
            _say(message)
    basis = make_basis(
        deals, currency, price_year, base_year, rate, stated, [price_index(i) for i in indices]
    )
    held = add_up(deals, basis, errors, None if fund_capital is None else float(fund_capital))
    simulation = simulate_portfolio(held, draws, seed, sigma) if draws else None
    if fmt == "json":
        data = held.to_json() | ({"simulation": simulation.to_json()} if simulation else {})
        made: Any = json_text(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
    elif fmt == "csv":
        made = portfolio_csv(held, language)
    elif fmt == "markdown":
        made = portfolio_markdown(held, language, simulation)
    elif fmt == "xlsx":
        made = portfolio_workbook(held, language, simulation)
    elif fmt in ("png", "svg"):
        made = portfolio_chart(held, fmt, language)
    else:
        from rich.console import Group
        from rich.text import Text

        table = portfolio_table(held, language, _width(output))
        lines = simulation_lines(simulation, held, language) if simulation else []
        made = Group(table, *(Text(line) for line in lines))
    _deliver(made, output, force)
    if errors:
        _fail([label("failed_count", language).format(bad=len(errors), total=len(files))])


def _share_option(option: str, text: str) -> float:
    """0.035, 3.5% or 3,5 % from an option."""
    cleaned = text.strip().replace(",", ".").replace(" ", "")
    try:
        value = float(cleaned[:-1]) / 100 if cleaned.endswith("%") else float(cleaned)
    except ValueError:
        raise UsageError(say("msg.bad_share", option=option, given=text)) from None
    if not -0.5 <= value <= 2:
        raise UsageError(say("msg.bad_share", option=option, given=text))
    return value


class _progress:
    """A progress bar on stderr for long runs in a terminal; `advance(n)` moves it."""

    def __init__(self, total: int, title: str, at_least: int = 20) -> None:
        self.shown = total >= at_least and sys.stderr.isatty()
        self.total, self.title = total, title

    def __enter__(self) -> Callable[..., None]:
        if not self.shown:
            return lambda n=1: None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.__enter__()
        task = self.bar.add_task(self.title, total=self.total)
        return lambda n=1: self.bar.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            self.bar.__exit__(None, None, None)


@command()
@case_argument
@output_option(".png or .svg", required=True)
@force_option
@scenario_option
@lang_option
def chart(case: Path, output: Path, force: bool, scenario: str | None, lang: str | None) -> None:
    """Chart the cumulative municipal net cash flow, SIB against self-financing."""
    from .loader import load_case
    from .render.chart import render_chart
    from .result import evaluate as run

    fmt = _format(None, output, ("png", "svg"), force)
    result = run(load_case(case, scenario), file=str(case))
    with speaking_of(result.case):
        made = render_chart(result, fmt, _lang(lang))
    _deliver(made, output, force)


@command()
@case_argument
@output_option(".md or .docx", required=True)
@force_option
@scenario_option
@lang_option
def memo(case: Path, output: Path, force: bool, scenario: str | None, lang: str | None) -> None:
    """Write a council-memo section: summary, how sure, key figures, chart, assumptions and
    sources (Markdown writes the chart beside the memo as NAME-chart.png)."""
    from .loader import load_case
    from .output import check_target
    from .render.memo import Risks, chart_beside, memo_files
    from .result import evaluate as run
    from .uncertainty import evaluate_scenarios, how_sure, sensitivity, uncertain_inputs

    fmt = _format(None, output, ("markdown", "docx", "pdf"), force)
    if fmt == "markdown":
        check_target(chart_beside(output), force)  # before the work, as the memo itself
    loaded = load_case(case, scenario)
    result = run(loaded, file=str(case))
    mode = result.primary.mode
    risks = Risks(
        how_sure(loaded, mode),
        evaluate_scenarios(case, mode) if loaded.scenarios and scenario is None else None,
        sensitivity(loaded, mode) if uncertain_inputs(loaded) else None,
    )
    with speaking_of(result.case):
        files = memo_files(result, output, fmt, _lang(lang), risks)
    _write(files, force)


UNCERTAINTY_FORMATS = ("table", "json", "markdown")
WITH_CHARTS = (*UNCERTAINTY_FORMATS, "png", "svg")


@command()
@case_argument
@format_option(UNCERTAINTY_FORMATS)
@output_option(".json, .md, .txt")
@force_option
@financing_option
@lang_option
def scenarios(
    case: Path, format_: str | None, output: Path | None, force: bool, financing: str | None, lang: str | None
) -> None:
    """The case as written and under each of its named scenarios, side by side."""
    from .loader import load_case
    from .render.uncertainty import render_scenarios
    from .uncertainty import evaluate_scenarios

    fmt = _format(format_, output, UNCERTAINTY_FORMATS, force)
    data = evaluate_scenarios(case, _mode(financing))
    with speaking_of(load_case(case)):
        made = render_scenarios(data, fmt, _lang(lang), _width(output))
    _deliver(made, output, force)


@command()
@case_argument
@format_option(UNCERTAINTY_FORMATS)
@output_option(".png or .svg for the tornado chart, .json, .md, .txt")
@force_option
@financing_option
@scenario_option
@lang_option
def sensitivity(
    case: Path,
    format_: str | None,
    output: Path | None,
    force: bool,
    financing: str | None,
    scenario: str | None,
    lang: str | None,
) -> None:
    """Each uncertain input at its low and high value, one at a time: a tornado of the
    municipal NPV, and each input's switching value."""
    from .loader import load_case
    from .render.uncertainty import render_sensitivity
    from .uncertainty import sensitivity as run

    fmt = _format(format_, output, WITH_CHARTS, force)
    loaded = load_case(case, scenario)
    data = run(loaded, _mode(financing))
    with speaking_of(loaded):
        made = render_sensitivity(data, fmt, _lang(lang))
    _deliver(made, output, force)


@command()
@case_argument
@click.option(
    "--draws",
    type=click.IntRange(1, 1_000_000),  # uncertainty.MAX_DRAWS (not imported: start-up)
    default=10_000,
    show_default=True,
    help="Number of joint draws.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=20261127,
    show_default=True,
    help="Seed of the random draws; the same seed gives the same figures.",
)
@format_option(UNCERTAINTY_FORMATS)
@output_option(".png or .svg for the histogram, .json, .md, .txt")
@force_option
@financing_option
@scenario_option
@lang_option
def simulate(
    case: Path,
    draws: int,
    seed: int,
    format_: str | None,
    output: Path | None,
    force: bool,
    financing: str | None,
    scenario: str | None,
    lang: str | None,
) -> None:
    """Monte Carlo: joint draws of every uncertain input through the engine at once."""
    from .loader import load_case
    from .render.uncertainty import render_simulation
    from .uncertainty import simulate as run

    language, fmt = _lang(lang), _format(format_, output, WITH_CHARTS, force)
    loaded = load_case(case, scenario)
    with _progress(draws, label("simulation_title", language), at_least=200_000) as advance:
        result = run(loaded, draws, seed, _mode(financing), on_progress=advance)
    with speaking_of(loaded):
        made = render_simulation(result, fmt, language)
    _deliver(made, output, force)


@command()
@output_option(".json")
@force_option
def schema(output: Path | None, force: bool) -> None:
    """Print the JSON Schema of case files (for editor validation and completion)."""
    import json

    from .model import json_schema

    _deliver(json.dumps(json_schema(), indent=2, ensure_ascii=False), output, force)


@command()
@lang_option
def templates(lang: str | None) -> None:
    """List the templates a new case can start from."""
    from .starter import describe, template_names

    language = _lang(lang)
    print("\n".join(f"{name:<22} {describe(name, language)}" for name in template_names()))


@command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--template", "-t", help="The template to start from (default: asked; employment).")
@click.option("--name", help="The case's name.")
@click.option("--municipality", help="The municipality.")
@click.option("--description", help="What the programme is, in a sentence or two.")
@click.option("--participants", type=click.IntRange(min=1), help="Participants in all (shared over cohorts).")
@click.option("--years", type=click.IntRange(1, 100), help="Years the case runs (horizon).")
@click.option(
    "--financing",
    type=click.Choice(MODES),
    help="The case's financing: sib or self (default: the template's).",
)
@force_option
@lang_option
def init(
    file: Path,
    template: str | None,
    name: str | None,
    municipality: str | None,
    description: str | None,
    participants: int | None,
    years: int | None,
    financing: str | None,
    force: bool,
    lang: str | None,
) -> None:
    """Write a new case from a template; in a terminal it asks for what the flags leave open,
    checking each answer as it is given. Never overwrites a file without --force."""
    from .starter import new_case

    language = _lang(lang)
    answers = Answers(
        template or "employment", name, municipality, description, participants, years, financing
    )
    if _interactive():
        answers = _ask(answers, template is None, language)
    files = new_case(
        file,
        answers.template,
        answers.name,
        answers.municipality,
        answers.participants,
        answers.years,
        _mode(answers.financing),
        answers.description,
        language,
    )
    _write(files, force)
    _say(label("init.next", language).format(file=shlex.quote(str(file))), sys.stdout)


def _interactive() -> bool:
    """A person at a terminal, who can be asked."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@dataclass
class Answers:
    """What `init` puts into the template."""

    template: str
    name: str | None
    municipality: str | None
    description: str | None
    participants: int | None
    years: int | None
    financing: str | None


def _ask(given: Answers, template_open: bool, lang: Lang) -> Answers:
    """The questions `init` asks in a terminal, in one language, for what the flags left
    open, the template first; each answer is checked at once and asked again if it does not
    fit, with what is allowed."""
    from .starter import describe, shortest_horizon, template_default, template_names

    def ask(key: str, default: str, check: Callable[[str], Any]) -> Any:
        while True:
            answer = click.prompt(label(f"init.{key}", lang), default=default, show_default=bool(default))
            try:
                return check(answer.strip())
            except ValueError as err:
                _say(str(err))

    def whole(low: int, high: int) -> Callable[[str], int]:
        def check(text: str) -> int:
            if not text.isdigit() or not low <= int(text) <= high:
                raise ValueError(label("init.whole", lang).format(low=low, high=high, got=text))
            return int(text)

        return check

    def one_of(choices: dict[str, str]) -> Callable[[str], str]:
        """An answer from `choices` (what may be typed: what it means), in any case."""

        def check(text: str) -> str:
            if text.lower() not in choices:
                shown = ", ".join(dict.fromkeys(choices))
                raise ValueError(label("init.one_of", lang).format(choices=shown, got=text))
            return choices[text.lower()]

        return check

    def text(value: str) -> str:
        if not value:
            raise ValueError(label("init.empty", lang))
        return value

    answers = Answers(**given.__dict__)
    if template_open:
        names = template_names()
        for number, name in enumerate(names, 1):
            _say(f"  {number}  {name:<22} {describe(name, lang)}", sys.stdout)
        by_number = {str(number): name for number, name in enumerate(names, 1)}
        answers.template = ask("template", "employment", one_of({**{n: n for n in names}, **by_number}))
    t = answers.template
    answers.name = answers.name or ask("name", "", text)
    answers.municipality = answers.municipality or ask(
        "municipality", template_default(t, "municipality"), text
    )
    answers.description = answers.description or ask("description", "", text)
    answers.participants = answers.participants or ask("participants", "", whole(1, 1_000_000))
    shortest = shortest_horizon(t)
    answers.years = answers.years or ask("years", template_default(t, "horizon"), whole(shortest, 100))
    modes = {label(f"init.mode.{mode}", lang): mode for mode in MODES} | {mode: mode for mode in MODES}
    answers.financing = answers.financing or ask("financing", next(iter(modes)), one_of(modes))
    return answers


@command("import-indigo")
@click.argument("record", type=click.Path(path_type=Path))
@output_option(".yaml", required=True)
@force_option
@lang_option
def import_indigo(record: Path, output: Path, force: bool, lang: str | None) -> None:
    """Write a case skeleton from an INDIGO project record (JSON): everything the record
    holds in its place, and every figure it lacks marked as an assumption to fill in."""
    from .indigo import case_from_indigo, read_record

    text = case_from_indigo(read_record(record), source=str(record))
    _write({output: text}, force)


@command("export-indigo")
@case_argument
@output_option(".json")
@force_option
def export_indigo(case: Path, output: Path | None, force: bool) -> None:
    """The case as a record of the INDIGO impact bond data standard (Government Outcomes
    Lab), printed as JSON."""
    import json

    from .indigo import to_indigo
    from .loader import load_case
    from .result import evaluate as run
    from .text import json_text

    loaded = load_case(case)
    record = to_indigo(loaded, run(loaded, file=str(case)))
    _deliver(json_text(json.dumps(record, indent=2, ensure_ascii=False, allow_nan=False)), output, force)


SETTLE_FORMATS = ("table", "json", "markdown")


def _measured_case(case: Path, scenario: str | None, results: Path | None) -> Any:
    """The case, with a results file's measured results in place of its assumptions if given."""
    from .loader import load_case
    from .results import with_results

    loaded = load_case(case, scenario)
    return with_results(loaded, _results_of(case, results, loaded)) if results is not None else loaded


def _results_of(case_path: Path, given: Path | None, loaded: Any) -> Any:
    """The results file asked for, else NAME.results.yaml beside the case if it exists."""
    from .loader import load_results, results_notes, results_path

    found = given if given is not None else results_path(case_path)
    if given is None and not found.exists():
        return None
    results = load_results(found, loaded)
    for note in results_notes(found, results, loaded):  # what is left to the case's assumptions
        _say(note)
    return results


BESIDE = (
    "The measured results (default: NAME.results.yaml beside the case, if there is one)."  # settle, track
)


@command()
@case_argument
@click.option("--year", type=int, required=True, help="The payment date: the year of the payments settled.")
@results_option(BESIDE)
@format_option((*SETTLE_FORMATS, "xlsx", "docx"))
@output_option(".json, .md, .txt, .xlsx, .docx")
@force_option
@scenario_option
@lang_option
def settle(
    case: Path,
    year: int,
    results: Path | None,
    format_: str | None,
    output: Path | None,
    force: bool,
    scenario: str | None,
    lang: str | None,
) -> None:
    """The settlement statement for one payment date: for each rule the results it rests on,
    each condition met or not, what is due before and after caps, paid before and due now."""
    from .formats import money
    from .loader import load_case
    from .render.settle import render_settle
    from .settle import settle as run

    fmt, language = _format(format_, output, (*SETTLE_FORMATS, "xlsx", "docx"), force), _lang(lang)
    loaded = load_case(case, scenario)
    statement = run(loaded, year, _results_of(case, results, loaded))
    with speaking_of(loaded):
        made = render_settle(statement, fmt, language)
    _deliver(made, output, force)
    if statement.differences:  # a payment made that the contract did not make due, where it is written
        from .loader import located, results_path

        where = results if results is not None else results_path(case)
        for y, paid, due in statement.differences:
            said = label("settle.differs", language).format(
                year=y,
                made=money(paid, loaded.case.currency, language),
                due=money(due, loaded.case.currency, language),
            )
            _say(f"{located(where, ('payments_made', y))}: {said}")


@command()
@case_argument
@results_option(BESIDE)
@click.option(
    "--draws",
    type=click.IntRange(0, 1_000_000),
    default=10_000,
    show_default=True,
    help="Monte Carlo draws (0: none).",
)
@click.option(
    "--reestimate", is_flag=True, help="Re-estimate the effects not yet measured from the results so far."
)
@format_option((*SETTLE_FORMATS, "png", "svg"))
@output_option(".png or .svg for the chart, .json, .md, .txt")
@force_option
@financing_option
@scenario_option
@lang_option
def track(
    case: Path,
    results: Path | None,
    draws: int,
    reestimate: bool,
    format_: str | None,
    output: Path | None,
    force: bool,
    financing: str | None,
    scenario: str | None,
    lang: str | None,
) -> None:
    """The business case against its results: plan and re-forecast year by year, the key
    figures and their variance."""
    from .loader import load_case
    from .render.track import render_track
    from .track import track as run

    fmt, language = _format(format_, output, (*SETTLE_FORMATS, "png", "svg"), force), _lang(lang)
    loaded = load_case(case, scenario)
    data = run(loaded, _results_of(case, results, loaded), _mode(financing), draws, reestimate)
    with speaking_of(loaded):
        made = render_track(data, fmt, language)
    _deliver(made, output, force)


@command()
@case_argument
@click.option("--metric", help="A metric of the JSON contract, or a yearly column.")
@click.option("--year", type=int, help="Explain this year's columns.")
@financing_option
@scenario_option
@lang_option
@results_option("Explain the case with these measured results in place of its assumptions.")
def explain(
    case: Path,
    metric: str | None,
    year: int | None,
    financing: str | None,
    scenario: str | None,
    lang: str | None,
    results: Path | None,
) -> None:
    """How a figure arises, step by step, with the inputs it used."""
    from .explain import explain as run_explain
    from .explain import render_explanations
    from .result import evaluate as run

    language = _lang(lang)
    result = run(_measured_case(case, scenario, results), _mode(financing), file=str(case))
    with speaking_of(result.case):
        items = run_explain(result, metric, year, language)
        print(render_explanations(items, result.case.case.currency, year is not None, language))
