"""The uncertainty charts (sib_case.render.uncertainty_charts): the tornado of the
one-at-a-time sensitivity and the histogram of the Monte Carlo draws, PNG and SVG."""

from __future__ import annotations

import copy
import dataclasses
import struct
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from sib_case.formats import number, percent
from sib_case.labels import Lang, label, unit
from sib_case.loader import parse_case
from sib_case.model import Case
from sib_case.render.uncertainty_charts import _bins, render_histogram, render_tornado
from sib_case.uncertainty import Percentiles, Sensitivity, Simulation, sensitivity, simulate

HERE = Path(__file__).parent
SMALL = HERE / "reference" / "small.yaml"
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DRAWS = 2_000


def small_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def uncertain() -> Case:
    """The small reference case with three inputs as distributions: a share, an amount,
    and the programme cost, which under a SIB leaves the municipal NPV alone."""
    data = copy.deepcopy(small_data())
    data["outcomes"][0]["with_programme"] = {"dist": "triangular", "low": 0.35, "mode": 0.5, "high": 0.6}
    data["outcomes"][0]["savings"][0]["amount"] = {"dist": "uniform", "low": 120000, "high": 180000}
    data["programme_cost"]["per_participant"] = {"dist": "pert", "low": 16000, "mode": 20000, "high": 30000}
    return parse_case(data, {}, "t")


@pytest.fixture(scope="module")
def certain() -> Case:
    return parse_case(small_data(), {}, "t")


@pytest.fixture(scope="module")
def sens(uncertain: Case) -> Sensitivity:
    return sensitivity(uncertain)


@pytest.fixture(scope="module")
def sim(uncertain: Case) -> Simulation:
    return simulate(uncertain, draws=DRAWS)


@pytest.fixture(scope="module")
def collapsed(certain: Case) -> Simulation:
    return simulate(certain, draws=200)


def svg_texts(svg: bytes) -> list[str]:
    """Every text of the chart (the SVG keeps text as <text> elements), as it reads."""
    root = ET.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def svg_words(svg: bytes) -> str:
    """All the chart's text in one line, so a label wrapped over lines still matches."""
    return " ".join(" ".join(svg_texts(svg)).split())


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # IHDR, the first chunk
    return width, height


# ---- tornado -------------------------------------------------------------------


@pytest.mark.slow
def test_tornado_png_has_the_signature_and_a_memo_size(sens: Sensitivity) -> None:
    png = render_tornado(sens, "png")
    assert png.startswith(PNG_SIGNATURE)
    # 16 x 9 cm at 150 dpi, as the cash-flow chart
    assert png_size(png) == (pytest.approx(945, abs=2), pytest.approx(531, abs=2))
    assert b"matplotlib" not in png.lower()


@pytest.mark.slow
def test_tornado_svg_holds_axis_title_inputs_and_bar_ends(sens: Sensitivity) -> None:
    svg = render_tornado(sens, "svg")
    texts, words = svg_texts(svg), svg_words(svg)
    assert "Municipal NPV (DKK)" in texts
    assert "Sensitivity of the municipal NPV" in texts
    assert "Small reference case" in texts
    assert len(sens.inputs) == 3
    for row in sens.inputs:
        assert row.label in words
    # shares with two decimals, money with none
    for text in ("low 0.35", "high 0.60", "low 120,000", "high 180,000", "low 16,000", "high 30,000"):
        assert text in texts
    assert f"Base case: {number(sens.base_municipal_npv)}" in texts
    assert b"<dc:date>" not in svg
    assert b"Matplotlib v" not in svg


@pytest.mark.slow
def test_tornado_puts_the_widest_swing_on_top(sens: Sensitivity) -> None:
    texts = svg_texts(render_tornado(sens, "svg"))
    # y tick labels come in input order, first (widest) drawn at the top; a long label wraps
    # at 32 characters, so each is found by its first line
    labels = [textwrap.wrap(row.label, 32)[0] for row in sens.inputs]
    assert [t for t in texts if t in labels] == labels
    swings = [abs(r.municipal_npv_high - r.municipal_npv_low) for r in sens.inputs]
    assert swings == sorted(swings, reverse=True)
    assert swings[-1] == pytest.approx(0, abs=1e-6)  # programme cost: the investor pays it


@pytest.mark.slow
def test_tornado_in_danish(sens: Sensitivity) -> None:
    texts = svg_texts(render_tornado(sens, "svg", "da"))
    assert "Kommunens nutidsværdi (kr.)" in texts
    assert "Følsomhed af kommunens nutidsværdi" in texts
    for text in ("lav 0,35", "høj 0,60", "lav 120.000", "høj 180.000"):
        assert text in texts
    assert label("tornado_legend_low", "da") in texts
    assert f"Basisberegning: {number(sens.base_municipal_npv, 'da')}" in texts
    assert not any(t.startswith(("low ", "high ")) for t in texts)


@pytest.mark.slow
def test_tornado_without_uncertain_inputs_is_an_empty_chart_with_a_note(certain: Case) -> None:
    data = sensitivity(certain)
    assert data.inputs == ()
    png = render_tornado(data, "png")
    assert png.startswith(PNG_SIGNATURE)
    for lang in ("en", "da"):
        words = svg_words(render_tornado(data, "svg", lang))
        assert label("tornado_no_inputs", lang) in words
        assert label("uncertainty_npv_axis", lang).format(currency=unit("DKK", lang)) in words
        assert label("tornado_legend_low", lang) not in words


@pytest.mark.slow
def test_tornado_bar_ends_on_the_same_side_both_get_a_note(sens: Sensitivity) -> None:
    """An input whose low and high both lower the NPV (a peak in between) gets half a bar
    each way, each end with its note."""
    first, *others = sens.inputs
    base = sens.base_municipal_npv
    row = dataclasses.replace(first, municipal_npv_low=base - 100_000, municipal_npv_high=base - 40_000)
    data = dataclasses.replace(sens, inputs=(row, *others))
    assert (row.low, row.high) == (120_000, 180_000)  # the saving per unit: the widest swing
    texts = svg_texts(render_tornado(data, "svg"))
    assert "low 120,000" in texts
    assert "high 180,000" in texts


@pytest.mark.slow
def test_tornado_grows_taller_for_many_inputs(sens: Sensitivity) -> None:
    inputs = tuple(
        dataclasses.replace(row, label=f"{row.label} {i}") for i in range(4) for row in sens.inputs
    )
    data = dataclasses.replace(sens, inputs=inputs)
    assert len(data.inputs) == 12
    width, height = png_size(render_tornado(data, "png"))
    assert width == pytest.approx(945, abs=2)
    assert height > 600


# ---- histogram -----------------------------------------------------------------


@pytest.mark.slow
def test_histogram_png_has_the_signature_and_a_memo_size(sim: Simulation) -> None:
    png = render_histogram(sim, "png")
    assert png.startswith(PNG_SIGNATURE)
    assert png_size(png) == (pytest.approx(945, abs=2), pytest.approx(531, abs=2))
    assert b"matplotlib" not in png.lower()


@pytest.mark.slow
def test_histogram_svg_holds_axis_title_percentiles_and_the_gain_share(sim: Simulation) -> None:
    svg = render_histogram(sim, "svg")
    texts = svg_texts(svg)
    assert "Municipal NPV (DKK)" in texts
    assert "Number of draws" in texts
    assert "Municipal NPV in 2,000 simulated draws" in texts
    assert "Small reference case" in texts
    assert {"P5", "P50", "P95"} <= set(texts)
    for p in ("p5", "p50", "p95"):
        assert f"{p.upper()}: {number(getattr(sim.municipal_npv_percentiles, p))}" in texts
    share = sim.probability_municipal_gain
    assert f"P(NPV > 0) = {percent(share, 'en', 0)}" in texts
    # English thousands separators on the x axis
    assert any("," in t and t.replace(",", "").lstrip("-").isdigit() for t in texts)
    assert b"<dc:date>" not in svg


@pytest.mark.slow
def test_histogram_in_danish(sim: Simulation) -> None:
    texts = svg_texts(render_histogram(sim, "svg", "da"))
    assert "Kommunens nutidsværdi (kr.)" in texts
    assert "Antal trækninger" in texts
    assert "Kommunens nutidsværdi i 2.000 simulerede trækninger" in texts
    share = percent(sim.probability_municipal_gain, "da", 0)
    assert f"Sandsynlighed for gevinst: {share}" in texts
    assert any("." in t and t.replace(".", "").lstrip("-").isdigit() for t in texts)
    assert not any("," in t and t.replace(",", "").isdigit() for t in texts)


@pytest.mark.slow
def test_histogram_shows_a_share_between_zero_and_one(sim: Simulation) -> None:
    """Draws on both sides of zero: the share is neither 0 % nor 100 %."""
    values = np.random.default_rng(7).normal(50_000, 100_000, 3_000)
    straddling = dataclasses.replace(
        sim,
        case="Straddling",
        currency="GBP",
        draws=len(values),
        seed=7,
        probability_municipal_gain=float(np.mean(values > 0)),
        municipal_npv_percentiles=Percentiles.of(values),
        municipal_npv=values,
    )
    assert 0 < straddling.probability_municipal_gain < 1
    texts = svg_texts(render_histogram(straddling, "svg"))
    assert f"P(NPV > 0) = {percent(straddling.probability_municipal_gain, 'en', 0)}" in texts
    assert "Municipal NPV (GBP)" in texts


@pytest.mark.slow
def test_a_collapsed_simulation_draws_a_single_bar(collapsed: Simulation) -> None:
    """No input as a distribution: every draw is the same NPV."""
    values = collapsed.municipal_npv
    assert np.ptp(values) == 0
    edges, is_collapsed = _bins(values)
    assert is_collapsed
    assert len(edges) == 2  # one bar
    png = render_histogram(collapsed, "png")
    assert png.startswith(PNG_SIGNATURE)
    for lang in ("en", "da"):
        texts = svg_texts(render_histogram(collapsed, "svg", lang))
        assert "P5 = P50 = P95" in texts
        assert label("histogram_collapsed", lang) in texts


@pytest.mark.slow
def test_collapsed_at_zero_does_not_crash(collapsed: Simulation) -> None:
    nothing = dataclasses.replace(
        collapsed,
        case="Nothing happens",
        currency="DKK",
        draws=10,
        seed=1,
        probability_municipal_gain=0.0,
        municipal_npv_percentiles=Percentiles(0.0, 0.0, 0.0),
        municipal_npv=np.zeros(10),
    )
    assert render_histogram(nothing, "png").startswith(PNG_SIGNATURE)


def test_bins_put_zero_on_an_edge_where_the_draws_straddle_it() -> None:
    values = np.random.default_rng(3).uniform(-70_000, 230_000, 1_000)
    edges, is_collapsed = _bins(values)
    assert not is_collapsed
    assert 0.0 in edges
    assert 48 <= len(edges) - 1 <= 52
    assert edges[0] <= values.min()
    assert edges[-1] >= values.max()
    counts, _ = np.histogram(values, edges)
    assert counts.sum() == len(values)


def test_histogram_refuses_no_draws(sim: Simulation) -> None:
    with pytest.raises(ValueError, match="no finite"):
        render_histogram(dataclasses.replace(sim, municipal_npv=np.array([])), "png")


# ---- both ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("lang", ["en", "da"])
def test_same_input_same_bytes(
    sens: Sensitivity, sim: Simulation, collapsed: Simulation, fmt: str, lang: Lang
) -> None:
    assert render_tornado(sens, fmt, lang) == render_tornado(sens, fmt, lang)
    assert render_histogram(sim, fmt, lang) == render_histogram(sim, fmt, lang)
    assert render_histogram(collapsed, fmt, lang) == render_histogram(collapsed, fmt, lang)


def test_unknown_format_is_refused(sens: Sensitivity, sim: Simulation) -> None:
    with pytest.raises(ValueError, match="'png' or 'svg'"):
        render_tornado(sens, "pdf")
    with pytest.raises(ValueError, match="'png' or 'svg'"):
        render_histogram(sim, "jpg")
