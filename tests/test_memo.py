"""The council memo (sib_case/render/memo.py), in Markdown and as a Word file.

The golden files tests/golden/memo_small_{en,da}.md were written once by
`render_memo_markdown(evaluate(load_case("tests/reference/small.yaml")), lang, "small-chart.png")`
and read line by line against the hand-worked figures in tests/test_reference.py; the test
compares exactly and rewrites them only under SIB_CASE_REGEN_GOLDEN=1 (tests/conftest.py).

The shipped cases give ranges, so their memos carry the "how sure" paragraph: the tests pass
the Monte Carlo run that `sib-case memo` passes (`simulate(case, mode=...)`, its defaults).
"""

from __future__ import annotations

import base64
import datetime
import functools
import io
import re
import string
from pathlib import Path
from typing import Any

import docx
import pytest

from sib_case import Case, evaluate, load_case
from sib_case.labels import LABELS, Lang
from sib_case.render.markdown import key_figures_markdown
from sib_case.render.memo import Risks, _effect_sentence, _Words, render_memo_docx, render_memo_markdown
from sib_case.uncertainty import Simulation, evaluate_scenarios, sensitivity, simulate

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "tests" / "reference" / "small.yaml"
CASES = sorted(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name)
LANGS: tuple[Lang, ...] = ("en", "da")
MODES = ("sib", "self")
# A 1 x 1 PNG, enough for Word to place a picture.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

# Free text a case file supplies, which may be in either language.
TEXT_KEYS = {
    "name",
    "unit",
    "source",
    "category",
    "guarantor",
    "municipality",
    "description",
    "area",
    "investor",
}
ENGLISH = (" the ", " and ", " of ", " is ", " to ", " in all", " per ", " with ", "payment", "investor's",
           "municipality", "programme", "savings", "cohort", " year", "sib", "effect ", "capital ",
           "break even", "not ")  # fmt: skip
DANISH = (" og ", " af ", " på ", "kommunen", "æ", "ø", "å", "betal", "besparelse", "effekt ")


def neutral_texts(case: Case) -> Case:
    """The case with every free-text field replaced by 'zz' (outcome names by 'zz0', 'zz1', ...
    and cohort names by 'zzc0', ... wherever they are referred to), so what is left in a memo
    is the memo's own wording."""
    names = {o.name: f"zz{i}" for i, o in enumerate(case.outcomes)}
    cohorts = {c.name: f"zzc{i}" for i, c in enumerate(case.cohorts)}

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, dict) and key == "by_cohort":
            return {cohorts[k]: walk(v) for k, v in node.items()}
        if isinstance(node, dict) and key == "cohorts_item":
            return {k: (cohorts[v] if k == "name" and v else walk(v, str(k))) for k, v in node.items()}
        if isinstance(node, dict):
            return {k: walk(v, str(k)) for k, v in node.items()}
        if isinstance(node, list) and key == "cohorts":
            return [walk(v, "cohorts_item") for v in node]
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if key in ("outcome", "outcomes") and isinstance(node, str):
            return names[node]
        if key in TEXT_KEYS and isinstance(node, str) and node:
            return names.get(node, "zz") if key == "name" else "zz"
        return node

    return Case.model_validate(walk(case.model_dump()))


def markdown_texts(markdown: str) -> list[str]:
    """The memo's text as a reader sees it: no Markdown marks, no table, no picture."""
    texts = []
    for line in markdown.splitlines():
        if not line or line.startswith(("|", "![")):
            continue
        line = re.sub(r"^(#+ |- |  - )", "", line).replace("**", "")
        texts.append(line.removeprefix("\\"))
    return texts


@functools.cache
def simulation(path: Path, mode: str) -> Simulation:
    """The Monte Carlo run `sib-case memo` gives the memo of a case with ranges (its
    figures do not depend on the case's free text, so neutral_texts() can share it)."""
    run = simulate(load_case(path), mode=mode)  # type: ignore[arg-type]
    assert run.uncertain_inputs  # every shipped case gives ranges
    return run


def docx_texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]


@pytest.fixture(scope="module")
def small() -> Any:
    return evaluate(load_case(SMALL))


# ---------------------------------------------------------------- Markdown


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_matches_golden_file(small: Any, lang: Lang, golden: Any) -> None:
    # Layout and wording; the figures are asserted by hand in tests/test_reference.py.
    golden(f"memo_small_{lang}.md", render_memo_markdown(small, lang, "small-chart.png"))


def test_danish_memo_uses_danish_number_formats(small: Any) -> None:
    text = render_memo_markdown(small, "da")
    assert "nettogevinst på 450.000 kr. i perioden" in text  # net municipal gain, see test_reference.py
    assert "diskonteringsrente 5,0\xa0% om året" in text  # Babel puts a no-break space before %
    assert "450,000" not in text
    assert "kr.." not in text  # one full stop where "kr." ends a sentence


def test_english_memo_uses_english_number_formats(small: Any) -> None:
    text = render_memo_markdown(small, "en")
    assert "gains DKK 450,000 net over the period" in text
    assert "discount rate 5.0% a year" in text


def test_chart_comes_after_the_key_figures_only_when_given(small: Any) -> None:
    text = render_memo_markdown(small, "da", "memo.png")
    assert "![Kommunens akkumulerede nettopengestrøm](memo.png)" in text
    table_end = text.index("| Kommunens nettotab, hvis effekten udebliver")
    assert table_end < text.index("![") < text.index("### Centrale forudsætninger")
    assert "![" not in render_memo_markdown(small, "da")


@functools.cache
def risks(path: Path, mode: str, neutral: bool = False) -> Risks:
    """What `sib-case memo` gives the memo's risk section: the Monte Carlo, the scenarios and
    the tornado (of the case with neutral texts, where its labels must not carry case text)."""
    case = neutral_texts(load_case(path)) if neutral else load_case(path)
    scenarios = evaluate_scenarios(path, mode) if case.scenarios else None  # type: ignore[arg-type]
    return Risks(simulation(path, mode), scenarios, sensitivity(case, mode))  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_no_english_in_the_danish_memo(path: Path, mode: str) -> None:
    result = evaluate(neutral_texts(load_case(path)), mode)  # type: ignore[arg-type]
    text = render_memo_markdown(result, "da", risks=risks(path, mode, neutral=True)).lower()
    assert "hvor sikkert" in text
    leaks = [word for word in ENGLISH if word in text]
    assert not leaks, leaks


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_no_danish_in_the_english_memo(path: Path, mode: str) -> None:
    result = evaluate(neutral_texts(load_case(path)), mode)  # type: ignore[arg-type]
    text = render_memo_markdown(result, "en", risks=risks(path, mode, neutral=True)).lower()
    assert "how sure" in text
    leaks = [word for word in DANISH if word in text]
    assert not leaks, leaks


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_shipped_case_renders(path: Path, mode: str, lang: Lang) -> None:
    result = evaluate(load_case(path), mode)  # type: ignore[arg-type]
    text = render_memo_markdown(result, lang, "chart.png", risks(path, mode))
    assert not re.search(r"[{}]|None|\.\.|  [^-]", text)  # no unfilled template, no doubled stops
    first, second = ("Proposed", "Alternative") if lang == "en" else ("Foreslået", "Alternativ")
    sib = "social impact bond (SIB)" if lang == "en" else "social effektinvestering"
    own = sib if mode == "sib" else ("self-financing" if lang == "en" else "egenfinansiering")
    # The case's own financing mode is described first, the other one second.
    assert f"**{first}: {own}.**" in text
    assert text.index(f"**{first}:") < text.index(f"**{second}:")


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_shipped_case_says_the_same_in_word(path: Path, mode: str, lang: Lang) -> None:
    result = evaluate(load_case(path), mode)  # type: ignore[arg-type]
    assert docx_texts(render_memo_docx(result, lang, risks=risks(path, mode))) == markdown_texts(
        render_memo_markdown(result, lang, risks=risks(path, mode))
    )


def test_self_financed_case_describes_self_financing_first() -> None:
    result = evaluate(load_case(ROOT / "cases" / "dk-youth-homelessness.yaml"))
    text = render_memo_markdown(result, "da")
    assert "**Foreslået: egenfinansiering.** Kommunen afholder selv indsatsudgiften" in text
    assert "**Alternativ: social effektinvestering.** Investor finansierer" in text
    # The SIB never breaks even here, and needs more than the assumed effect.
    assert "Kommunen når ikke break-even i perioden" in text
    assert "skal effekten være 12\xa0% større end antaget" in text


# ---------------------------------------------------------------- Word


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_docx_has_the_memo_text_table_and_chart(small: Any, lang: Lang) -> None:
    data = render_memo_docx(small, lang, PNG)
    document = docx.Document(io.BytesIO(data))
    markdown = render_memo_markdown(small, lang, "chart.png")
    assert docx_texts(data) == markdown_texts(markdown)

    budget, table = document.tables  # the yearly budget table, then the key figures
    assert [cell.text for cell in budget.rows[0].cells][:2] == (
        ["Year", "Savings"] if lang == "en" else ["År", "Besparelser"]
    )
    assert all(run.bold for cell in budget.rows[-1].cells for run in cell.paragraphs[0].runs)  # totals
    expected = [
        [cell.strip() for cell in line.strip("|").split(" | ")]
        for line in key_figures_markdown(small, lang).splitlines()
        if not line.startswith("| ---")
    ]
    assert [[cell.text for cell in row.cells] for row in table.rows] == expected
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in table.rows[1].cells for run in cell.paragraphs[0].runs)

    [picture] = document.inline_shapes
    assert picture.width.cm == pytest.approx(15.0)
    assert picture._inline.docPr.get("descr") == LABELS["chart_title"][LANGS.index(lang)]


@pytest.mark.slow
def test_docx_without_chart_has_no_picture(small: Any) -> None:
    document = docx.Document(io.BytesIO(render_memo_docx(small, "da")))
    assert len(document.inline_shapes) == 0
    assert len(document.tables) == 2  # the budget and the key figures (small names no area)


@pytest.mark.slow
def test_docx_is_the_same_file_every_time(small: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    data = render_memo_docx(small, "da", PNG)
    assert render_memo_docx(small, "da", PNG) == data
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.author == "sib-case"
    assert properties.created == properties.modified
    assert properties.created.date() == datetime.date.today()  # the memo is dated the day it is made
    assert properties.language == "da-DK"
    assert properties.title == "Sagsfremstilling: Small reference case"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01: a reproducible build
    dated = docx.Document(io.BytesIO(render_memo_docx(small, "da", PNG))).core_properties
    assert dated.created.date() == datetime.date(2025, 1, 1)


# ---------------------------------------------------------------- templates and edge cases


def test_memo_templates_have_the_same_placeholders_in_both_languages() -> None:
    memo = {k: v for k, v in LABELS.items() if k.startswith("memo.")}
    assert memo
    for key, (en, da) in memo.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (en, da)]
        assert fields[0] == fields[1], key
        assert en, key
        assert da, key


@pytest.mark.parametrize(
    ("effect", "en", "da"),
    [
        (
            0.31,
            "as long as at least 31% of the assumed effect",
            "så længe mindst 31\xa0% af den antagne effekt",
        ),
        (0.999, "at least 99.9% of the assumed effect", "mindst 99,9\xa0% af den antagne effekt"),
        (1.12, "the effect must be 12% larger than assumed", "skal effekten være 12\xa0% større end antaget"),
        (
            0.0,
            "does not lose money even if the programme has no effect",
            "selv hvis indsatsen ingen effekt har",
        ),
        (None, "even with 100 times the assumed effect", "heller ikke med 100 gange den antagne effekt"),
    ],
)
def test_break_even_effect_in_words(effect: float | None, en: str, da: str) -> None:
    assert en in _effect_sentence("robust", effect, _Words("en", "DKK"))
    assert da in _effect_sentence("robust", effect, _Words("da", "DKK"))


def small_variant(**changes: Any) -> Case:
    """The small reference case with some top-level sections changed."""
    data = load_case(SMALL).model_dump()
    for section, value in changes.items():
        data[section] = {**data[section], **value} if isinstance(value, dict) else value
    return Case.model_validate(data)


def test_no_payment_rules_no_irr_and_no_transaction_costs() -> None:
    case = small_variant(financing={"payments": []}, transaction_costs=[])
    en = render_memo_markdown(evaluate(case), "en")
    da = render_memo_markdown(evaluate(case), "da")
    assert "under a SIB the investor would be paid nothing" in en
    assert "a net loss of DKK 410,000; no internal rate of return can be computed" in en
    assert "et nettotab på 410.000 kr.; der kan ikke beregnes en intern rente" in da
    assert "**Transaktionsomkostninger.**\n\nIngen transaktionsomkostninger angivet." in da
    assert "Efter resultatbetalingerne har kommunen en nettogevinst" in da


def test_protection_guarantee_upfront_tiers_and_gross_effect_in_words() -> None:
    outcome = load_case(SMALL).outcomes[0].model_dump()
    del outcome["baseline"], outcome["with_programme"]
    outcome |= {"effect": 0.4, "deadweight": 0.25, "optimism_bias": 0.1}
    case = small_variant(
        outcomes=[outcome],
        financing={
            "capital": "upfront",
            "capital_protection": 0.5,
            "guarantee": {"share": 0.8, "max": 100000},
            "settlement_year": 2029,
            "payments": [
                {
                    "type": "tiers",
                    "outcome": "employment",
                    "judged": "per_cohort",
                    "lag": 2,
                    "tiers": [{"at_least": 0.5, "price": 20000}, {"at_least": 1.0, "price": 40000}],
                },
                {"type": "savings_share", "share": 0.3, "cap": {"per_year": 50000, "total": 150000}},
            ],
        },
    )
    da = render_memo_markdown(evaluate(case), "da")
    assert "en bruttoeffekt på 40 procentpoint, hvoraf 25\xa0% ville være sket alligevel (dødvægt)" in da
    assert "Der korrigeres med 10\xa0% for overoptimisme." in da
    assert "Kapital: investor indskyder hele kapitalen på forhånd i 2026." in da
    assert (
        "Trappemodel for ”employment”: 20.000 kr. pr. enhed, der kan tilskrives indsatsen, fra 50\xa0% af "
        "målet og 40.000 kr. pr. enhed, der kan tilskrives indsatsen, fra 100\xa0% af målet, betales 2 år "
        "senere; det højeste trin, der nås,"
        " gælder (vurderet hold for hold)." in da
    )
    assert (
        "Andel af besparelser: 30\xa0% af kommunens målte kontante besparelser, betales samme år."
        " Loft: højst 150.000 kr. i alt og højst 50.000 kr. om året." in da
    )
    assert "kommunen mindst 50\xa0% af kapitalen, opgjort i 2029" in da
    assert "Garanti: en tredjepart dækker 80\xa0% af investors resterende tab, dog højst 100.000 kr." in da
    en = render_memo_markdown(evaluate(case), "en")
    assert "a gross effect of 40 percentage points, of which 25% would have happened anyway" in en


@pytest.mark.parametrize("lang", ["en", "da"])
def test_a_cumulative_that_is_never_negative_is_not_called_a_break_even(lang: Lang) -> None:
    # issue 10: "breaks even in 2026" (the start year) would say the municipality was behind
    # before; tests/reference/small.yaml's SIB cumulative is 0 in 2026 and positive after
    # (tests/test_reference.py), dk-employment's SIB cumulative is -378,000 in 2026 (its table)
    small = render_memo_markdown(evaluate(load_case(ROOT / "tests" / "reference" / "small.yaml")), lang)
    never = LABELS["memo.never_negative"][lang == "da"].split("{")[0]
    assert never in small
    employment = render_memo_markdown(evaluate(load_case(ROOT / "cases" / "dk-employment.yaml")), lang)
    assert never not in employment
    assert LABELS["memo.break_even"][lang == "da"].format(year=2027) in employment


def test_a_case_that_assumes_no_effect_is_not_told_to_multiply_it(tmp_path: Path) -> None:
    # issue 10: with a stated effect of zero, "not even with 100 times the assumed effect" is
    # true and says nothing; the memo says the case assumes no effect instead
    import yaml

    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    for outcome in data["outcomes"]:
        if "with_programme" in outcome:
            outcome["with_programme"] = outcome["baseline"]
        if "effect" in outcome:
            outcome["effect"] = 0.0
    path = tmp_path / "zero.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = render_memo_markdown(evaluate(load_case(path)), "en")
    assert "100 times" not in text
    assert LABELS["memo.investor.no_effect"][0] in text
    assert LABELS["memo.robust.no_effect"][0] in text


def test_the_risk_moved_off_the_municipality_is_shared_with_the_guarantor() -> None:
    # issue 10: dk-children-families has a guarantee (half the loss, at most 3 m), so the
    # investor does not carry all of the 12.8 m alone
    case = load_case(ROOT / "cases" / "dk-children-families.yaml")
    text = render_memo_markdown(evaluate(case), "en")
    assert f"the investor and the guarantor, {case.financing.guarantee.guarantor}, carry" in text  # type: ignore[union-attr]
    assert "is the risk the investor carries" not in text


def test_a_combined_cap_says_the_lowest_applies() -> None:
    from sib_case.model import Caps
    from sib_case.render.memo import _caps, _Words

    da, en = _Words("da", "DKK"), _Words("en", "DKK")
    both = Caps(total=2_200_000, multiple=1.3)
    assert _caps(both, da) == "højst 2.200.000 kr. i alt og højst 1,3 gange kapitalen (det laveste gælder)"
    assert _caps(both, en) == (
        "at most DKK 2,200,000 in all and at most 1.3 times the capital (whichever is lowest)"
    )
    assert (
        _caps(Caps(total=150_000, per_year=50_000), da)
        == "højst 150.000 kr. i alt og højst 50.000 kr. om året"
    )


# ---------------------------------------------------------------- PDF


def pdf_text(data: bytes) -> tuple[int, str]:
    """The pages of a PDF and its text, read back by pypdf (an independent reader)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_says_what_the_markdown_says(lang: Lang) -> None:
    from sib_case.render.memo_pdf import render_memo_pdf

    path = ROOT / "cases" / "dk-employment.yaml"
    result = evaluate(load_case(path))
    data = render_memo_pdf(result, lang, None, risks(path, "sib"))
    assert data.startswith(b"%PDF")
    pages, text = pdf_text(data)
    assert pages >= 3
    flat = " ".join(text.split())
    page = "Side 1 af" if lang == "da" else "Page 1 of"
    assert page in flat
    # every heading and each paragraph's opening words, as the Markdown has them
    for line in markdown_texts(render_memo_markdown(result, lang, risks=risks(path, "sib"))):
        words = " ".join(line.split()[:4])
        assert words in flat, words


@pytest.mark.slow
def test_case_text_in_the_pdf_is_text_never_markup(small: Any) -> None:
    from sib_case.render.memo_pdf import render_memo_pdf

    case = small.case
    hostile = case.case.model_copy(update={"name": "Case #set *bold* $x$ @ref \\ ] end"})
    result = evaluate(case.model_copy(update={"case": hostile}))
    _, text = pdf_text(render_memo_pdf(result, "en"))
    assert "Case #set *bold* $x$ @ref \\ ] end" in " ".join(text.split())


def test_a_case_without_payment_rules_does_not_weigh_a_sib_it_does_not_have() -> None:
    from test_payments import make_case

    from sib_case.loader import parse_case

    result = evaluate(parse_case(make_case({"mode": "self"}), {}, "no rules"))
    text = render_memo_markdown(result, "en")
    assert "**SIB or self-financing?** The case has no payment rules" in text
    assert "the risk the investor carries" not in text
