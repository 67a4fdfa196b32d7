"""A compact terminal chart of the cumulative municipal net, SIB against self-financing."""

from __future__ import annotations

from rich.text import Text

from ..formats import number
from ..labels import Lang, label, unit
from ..result import Result

HEIGHT = 9
STYLE = {"sib": "cyan", "self": "magenta"}
MARK = {"sib": "●", "self": "○"}


def render_terminal_chart(result: Result, width: int = 80, lang: Lang = "en") -> Text:
    """Each year a column; each mode a marker at its cumulative municipal net; the zero
    line dashed; each mode's break-even year under the axis."""
    modes = result.modes
    years = [int(year) for year in modes[0].years.year]
    series = {m.mode: m.years.municipal_cumulative.tolist() for m in modes}
    values = [v for s in series.values() for v in s] + [0.0]
    top, bottom = max(values), min(values)
    span = (top - bottom) or 1.0
    labels = [number(top, lang), number(0, lang), number(bottom, lang)]
    pad = max(len(text) for text in labels)
    step = max(2, min(6, (width - pad - 3) // max(len(years), 1)))

    def row_of(value: float) -> int:
        return round((top - value) / span * (HEIGHT - 1))

    zero = row_of(0.0)
    grid = [[" " * step for _ in years] for _ in range(HEIGHT)]
    style: list[list[str]] = [["" for _ in years] for _ in range(HEIGHT)]
    for r in range(HEIGHT):
        if r == zero:
            grid[r] = ["─" * step for _ in years]
    for name, points in series.items():
        for x, value in enumerate(points):
            r = row_of(value)
            other = grid[r][x].strip("─ ")
            grid[r][x] = ("◉" if other else MARK[name]).rjust(step, "─" if r == zero else " ")
            style[r][x] = "bold" if other else STYLE[name]
    text = Text(f"{label('chart_title', lang)} ({unit(result.case.case.currency, lang)})\n", style="bold")
    for r in range(HEIGHT):
        axis = labels[0] if r == 0 else labels[1] if r == zero else labels[2] if r == HEIGHT - 1 else ""
        text.append(axis.rjust(pad) + " │")
        for x in range(len(years)):
            text.append(grid[r][x], style=style[r][x] or ("dim" if r == zero else ""))
        text.append("\n")
    ticks = "".join(str(y)[-2:].rjust(step) for y in years)
    text.append(" " * pad + " └" + "─" * len(ticks) + "\n" + " " * (pad + 2) + ticks + "\n")
    for mode in modes:
        year = mode.metrics.break_even_year
        when = label("chart_break_even", lang).format(year=year) if year else label("never", lang)
        text.append(f"  {MARK[mode.mode]} {label(mode.mode, lang)}: {when}", style=STYLE[mode.mode])
    text.append("\n")
    return text
