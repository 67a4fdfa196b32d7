"""Every user-facing label, in English and Danish, in one table (the names of metrics and
yearly columns live with the figures, in figures.py).

`label(key, lang)` looks a label up; `{name}` placeholders are filled by the caller.

Labels speak of "the municipality", the commissioner of most cases. Where a case's
commissioner is a region, a state or a government, `speaking_of(case)` makes every label
(and every figure's name) say so while a result is rendered: "State NPV", "Statens
nutidsværdi". Only the code's own words change, never the case's text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal

Lang = Literal["en", "da"]
LANGS: tuple[Lang, ...] = ("en", "da")

# key: (English, Danish)
LABELS: dict[str, tuple[str, str]] = {
    # words and phrases
    "sib": ("SIB", "Social effektinvestering"),
    "self": ("Self-financed", "Egenfinansieret"),
    "financing": ("Financing", "Finansiering"),
    "short.sib": ("SIB", "SEI"),
    "short.self": ("Self", "Egen"),
    "fund": ("Own fund", "Egen fond"),
    "short.fund": ("Fund", "Fond"),
    "compare_thousands": (
        "Amounts in thousands of each case's currency.",
        "Beløb i tusinder af sagens valuta.",
    ),
    "case": ("Case", "Sag"),
    "error": ("Error", "Fejl"),
    "invalid": ("invalid", "ugyldig"),
    "never": ("never", "aldrig"),
    "none": ("-", "-"),
    "key_figures": ("Key figures", "Nøgletal"),
    "cash_flows": ("Yearly cash flows", "Årlige pengestrømme"),
    "constant_prices": (
        "constant {year} prices, {currency}; discount rate {rate}",
        "faste {year}-priser, {currency}; diskonteringsrente {rate}",
    ),
    "by_area": (
        "Municipal net by committee or budget area: {mode} ({unit})",
        "Kommunens netto pr. udvalg eller bevillingsområde: {mode} ({unit})",
    ),
    "area_unnamed": ("Not assigned", "Ikke fordelt"),
    "input.per_participant": ("programme cost per participant", "indsatsudgift pr. deltager"),
    "input.baseline": ("{0}: level without the programme", "{0}: niveau uden indsatsen"),
    "input.with_programme": ("{0}: level with the programme", "{0}: niveau med indsatsen"),
    "input.effect": ("{0}: effect", "{0}: effekt"),
    "input.deadweight": ("{0}: deadweight", "{0}: dødvægt"),
    "input.attribution": ("{0}: share attributed to the programme", "{0}: andel, der tilskrives indsatsen"),
    "input.optimism_bias": ("{0}: optimism-bias correction", "{0}: korrektion for overoptimisme"),
    "input.amount": ("{0}: {1}: amount per unit", "{0}: {1}: beløb pr. enhed"),
    "input.municipal_tax_on": (
        "{0}: {1}: taxable income per unit",
        "{0}: {1}: skattepligtig indkomst pr. enhed",
    ),
    "input.cashable": ("{0}: {1}: cashable share", "{0}: {1}: budgetmæssigt realiserbar andel"),
    "fund_shown": (
        "financed by {name}, the municipality's own fund: the municipal figures are the repaying department's, and department and fund together fare as self-financed",
        "finansieret af {name}, kommunens egen fond: kommunens tal er den tilbagebetalende forvaltnings, og forvaltning og fond står tilsammen som ved egenfinansiering",
    ),
    "scenario_shown": ("scenario '{name}'", "scenariet '{name}'"),
    "own_mode": ("* the case's own financing mode", "* sagens egen finansieringsform"),
    "thousands": ("1,000 {currency}", "1.000 {currency}"),
    "note": ("note", "bemærk"),
    "note.span": ("{first} to {last}", "{first} til {last}"),
    "note.termination": (
        "the termination ends the contract in {year}: what falls due in {years} is not paid",
        "afbrydelsen afslutter kontrakten i {year}: det, der forfalder i {years}, betales ikke",
    ),
    "note.dated_early": (
        "what is due in {years} is judged on each cohort's results over its whole profile, complete only in"
        " {year}: the figures assume they are known when it is paid; say when they are measured",
        "det, der forfalder i {years}, vurderes på hvert holds resultater over hele forløbet, som først er"
        " kendt i {year}: tallene antager, at de er kendt, når der betales; angiv, hvornår de måles",
    ),
    "note.dated_early.eg": (", e.g. measured: {{after_intake: {n}}}", ", fx measured: {{after_intake: {n}}}"),
    "note.paid_late": (
        "results of {years} would be paid after {year} (lag {lag}), when nothing is paid any more, so those"
        " payments are left out while their savings count; settle later or lengthen the horizon if the"
        " contract pays them",
        "resultater fra {years} ville blive betalt efter {year} (forsinkelse {lag}), hvor der ikke længere"
        " betales, så de betalinger udelades, mens besparelserne tæller med; afregn senere, eller forlæng"
        " perioden, hvis kontrakten betaler dem",
    ),
    "note.not_measured": (
        "cohort '{cohort}' is not measured in {years} (the file runs to {year}): its results then keep the"
        " case's assumptions",
        "holdet '{cohort}' er ikke målt i {years} (filen går til {year}): dets resultater bygger da på"
        " sagens antagelser",
    ),
    "compare.file": ("file", "fil"),
    "compare.sheet": ("cases", "sager"),
    "msg.interrupted": ("sib-case: interrupted", "sib-case: afbrudt"),
    "msg.cannot_write": (
        "{output}: this command cannot write a '{suffix}' file; it writes {suffixes}",
        "{output}: denne kommando kan ikke skrive en '{suffix}'-fil; den skriver {suffixes}",
    ),
    "msg.writes_a_file": (
        "the {fmt} format writes a file: give -o FILE.{fmt}",
        "formatet {fmt} skriver en fil: angiv -o FIL.{fmt}",
    ),
    "msg.no_metric": (
        "no metric named '{name}' to explain; choose from: {allowed}",
        "intet nøgletal ved navn '{name}' at forklare; vælg blandt: {allowed}",
    ),
    "msg.no_column": (
        "no yearly column named '{name}' to explain; choose from: {allowed}",
        "ingen årlig kolonne ved navn '{name}' at forklare; vælg blandt: {allowed}",
    ),
    "msg.no_year": (
        "the case runs from {first} to {last}: no year {year} to explain",
        "sagen løber fra {first} til {last}: intet år {year} at forklare",
    ),
    "msg.no_payment_date": (
        "the case runs from {first} to {last}: no payment date {year}",
        "sagen løber fra {first} til {last}: ingen betalingsdato {year}",
    ),
    "msg.no_template": (
        "no template named '{name}'; templates: {templates}",
        "ingen skabelon ved navn '{name}'; skabeloner: {templates}",
    ),
    "msg.too_few": (
        "participants must be at least {n} (one a cohort), got {got}",
        "deltagere skal være mindst {n} (én pr. hold), fik {got}",
    ),
    "msg.do_not_fit": ("the answers do not fit the template:", "svarene passer ikke til skabelonen:"),
    "msg.no_match": ("matches no file", "passer ikke på nogen fil"),
    "msg.cannot_sort": (
        "cannot sort by '{name}': no such metric; metrics are: {names}",
        "kan ikke sortere efter '{name}': intet sådant nøgletal; nøgletallene er: {names}",
    ),
    "msg.no_file": ("no such file", "ingen sådan fil"),
    "val.dist_takes": ("a {dist} distribution takes {wanted}; ", "en {dist}-fordeling tager {wanted}; "),
    "val.year_twice": (
        "year {year} is given twice ({first} and {second}); give it once",
        "året {year} er angivet to gange ({first} og {second}); angiv det én gang",
    ),
    "val.fund_terms": (
        "mode: fund needs the fund's terms under financing.fund (name, share, repay_years)",
        "mode: fund kræver fondens vilkår under financing.fund (name, share, repay_years)",
    ),
    "val.window": (
        "savings_from ({first}) must not come after savings_to ({last})",
        "savings_from ({first}) må ikke ligge efter savings_to ({last})",
    ),
    "val.repay_from": (
        "financing.fund.repay_from {year} lies outside the case's years {first}-{last}: nothing would be repaid",
        "financing.fund.repay_from {year} ligger uden for sagens år {first}-{last}: intet ville blive tilbagebetalt",
    ),
    "val.missing": ("{names} missing", "{names} mangler"),
    "val.extra": ("{names} does not belong", "{names} hører ikke til"),
    "val.low_high": (
        "low must be below high, got low {low} and high {high}",
        "low skal være under high, fik low {low} og high {high}",
    ),
    "val.between_low_high": (
        "{name} must lie between low ({low}) and high ({high}), got {got}",
        "{name} skal ligge mellem low ({low}) og high ({high}), fik {got}",
    ),
    "val.positive": ("{name} must be greater than 0, got {got}", "{name} skal være større end 0, fik {got}"),
    "val.currency": (
        "must be an ISO 4217 currency code in capitals, such as DKK, EUR, GBP, USD or AUD, got '{got}'",
        "skal være en ISO 4217-valutakode med store bogstaver, fx DKK, EUR, GBP, USD eller AUD, fik '{got}'",
    ),
    "val.rate_or_schedule": (
        "give discount_rate or discount_schedule, not both",
        "angiv discount_rate eller discount_schedule, ikke begge",
    ),
    "val.one_share": ("must list at least one share", "skal have mindst én andel"),
    "val.shares_sum": ("shares must sum to 1, got {got}", "andelene skal give 1 i alt, fik {got}"),
    "val.sum_to_one": ("must sum to 1, got {got}", "skal give 1 i alt, fik {got}"),
    "val.span_from": (" (start_year and horizon)", " (start_year og horizon)"),
    "val.year": ("year must be {span}, got {got}", "året skal være {span}, fik {got}"),
    "val.shares_or_refusion": (
        "give shares or refusion_weeks, not both",
        "angiv shares eller refusion_weeks, ikke begge",
    ),
    "val.amount_or_tax": (
        "give amount (per unit), or municipal_tax_on (income per unit), one of them",
        "angiv amount (pr. enhed) eller municipal_tax_on (indkomst pr. enhed), én af dem",
    ),
    "val.tax_rate_with": (
        "tax_rate goes with municipal_tax_on",
        "tax_rate hører sammen med municipal_tax_on",
    ),
    "val.levels_or_effect": (
        "give either baseline and with_programme, or effect (and deadweight), not both",
        "angiv enten baseline og with_programme eller effect (og deadweight), ikke begge",
    ),
    "val.levels_together": (
        "baseline and with_programme go together: give both",
        "baseline og with_programme hører sammen: angiv begge",
    ),
    "val.effect_missing": (
        "the effect is missing: give baseline and with_programme, or effect",
        "effekten mangler: angiv baseline og with_programme eller effect",
    ),
    "val.threshold_kind": (
        "give share_of_target, change or level, one of them",
        "angiv share_of_target, change eller level, én af dem",
    ),
    "val.measurements_rise": (
        "measurements must rise from one to the next, each once",
        "målingerne skal stige fra den ene til den næste, hver kun én gang",
    ),
    "val.hurdle_or_rate": (
        "give hurdle (a flat return) or hurdle_rate (interest a year), not both",
        "angiv hurdle (et fast afkast) eller hurdle_rate (rente pr. år), ikke begge",
    ),
    "val.hurdle_then": (
        "hurdle (or hurdle_rate) and then_share go together: give both or neither",
        "hurdle (eller hurdle_rate) og then_share hører sammen: angiv begge eller ingen",
    ),
    "val.fixed_success": (
        "a fixed schedule is due only if success is reached: give success",
        "faste beløb betales kun, hvis succes nås: angiv success",
    ),
    "val.price_or_amount": (
        "give a price (per unit) or an amount (a lump sum), one of them",
        "angiv en pris (pr. enhed) eller et beløb (engangsbeløb), én af dem",
    ),
    "val.tiers_rise": (
        "tiers: at_least must rise from one tier to the next",
        "tiers: at_least skal stige fra det ene trin til det næste",
    ),
    "val.tiers_same": (
        "tiers: use prices in every tier or amounts in every tier, not both",
        "tiers: brug priser i alle trin eller beløb i alle trin, ikke begge",
    ),
    "val.tiers_year": (
        "tiers with amounts need the year they are paid: give year",
        "trin med beløb skal have det år, de betales: angiv year",
    ),
    "val.bands_rise": (
        "bands: at_least must rise from one band to the next",
        "bands: at_least skal stige fra det ene bånd til det næste",
    ),
    "val.minimum_together": (
        "minimum_rate and minimum_years go together: give both or neither",
        "minimum_rate og minimum_years hører sammen: angiv begge eller ingen",
    ),
    "val.no_recruits": (
        "no cohort recruits anyone (recruited: 0): nothing would run",
        "intet hold rekrutterer nogen (recruited: 0): intet ville køre",
    ),
    "val.share_range": (
        "must be between 0 and 1, got {got} (a share of participants; for a count or rate per participant, add measure: rate)",
        "skal være mellem 0 og 1, fik {got} (en andel af deltagerne; for et antal eller en rate pr. deltager, tilføj measure: rate)",
    ),
    "val.investor_cost_sib": (
        "a cost the investor pays arises only under a SIB: set under: sib",
        "en omkostning, som investor betaler, opstår kun ved social effektinvestering: sæt under: sib",
    ),
    "val.no_outcome": (
        "no outcome named '{name}'; outcomes are: {known}",
        "intet effektmål ved navn '{name}'; effektmålene er: {known}",
    ),
    "val.needs_target": (
        "outcome '{name}' needs a target above 0 for a threshold or tiers",
        "effektmålet '{name}' skal have et mål (target) over 0 for en tærskel eller en trappe",
    ),
    "val.needs_baseline": (
        "a {scale} is judged against outcome '{name}''s baseline: give it baseline and with_programme (not effect)",
        "en {scale} vurderes mod effektmålet '{name}'s basisniveau: angiv baseline og with_programme (ikke effect)",
    ),
    "val.change_zero": (
        "a change against a baseline of 0 is not defined: outcome '{name}'",
        "en ændring i forhold til et basisniveau på 0 er ikke defineret: effektmålet '{name}'",
    ),
    "val.investor_twice": (
        "'{name}' is used twice: investor names must differ",
        "'{name}' bruges to gange: investorernes navne skal være forskellige",
    ),
    "val.payers_sum": (
        "the shares of the other payers add up to {got}: at most 1",
        "de andre betaleres andele giver {got} i alt: højst 1",
    ),
    "val.price_year": ("must be {last} or earlier, got {got}", "skal være {last} eller tidligere, fik {got}"),
    "val.no_cohort": (
        "no cohort named '{name}'; cohorts are: {listed}",
        "intet hold ved navn '{name}'; holdene er: {listed}",
    ),
    "val.cohort_twice": (
        "two cohorts are named '{name}': name them apart",
        "to hold hedder '{name}': giv dem forskellige navne",
    ),
    "val.outcome_twice": (
        "'{name}' is used twice: outcome names must differ",
        "'{name}' bruges to gange: effektmålenes navne skal være forskellige",
    ),
    "val.which_outcome": (
        "say which outcome the threshold is judged on",
        "angiv, hvilket effektmål tærsklen vurderes på",
    ),
    "val.true_up_rules": (
        "true_up is for rate cards and savings shares",
        "true_up gælder for priser pr. enhed og andele af besparelser",
    ),
    "val.all_after": (
        "every cohort enters after {year}: nothing would run",
        "alle hold starter efter {year}: intet ville køre",
    ),
    "val.none_by": (
        "no participant is recruited by {year}: nothing would run",
        "ingen deltagere er rekrutteret senest {year}: intet ville køre",
    ),
    "err.not_mapping": (
        "a case file must be a mapping of keys (case:, cohorts:, ...)",
        "en sagsfil skal være en tabel af nøgler (case:, cohorts:, ...)",
    ),
    "err.cannot_read": ("cannot read: {why}", "kan ikke læses: {why}"),
    "err.binary": ("is a binary file, not a YAML case file", "er en binær fil, ikke en YAML-sagsfil"),
    "err.not_utf8": (
        "is not UTF-8 text; save the case file as UTF-8",
        "er ikke UTF-8-tekst; gem sagsfilen som UTF-8",
    ),
    "err.alias_bomb": (
        "more than {n} values after expanding aliases; refused",
        "mere end {n} værdier, når aliaserne er foldet ud; afvist",
    ),
    "err.duplicate_key": (
        "duplicate key '{key}'; each key may appear once",
        "nøglen '{key}' står to gange; hver nøgle må kun stå én gang",
    ),
    "err.results_not_mapping": (
        "a results file must be a mapping of keys (results:, ...)",
        "en resultatfil skal være en tabel af nøgler (results:, ...)",
    ),
    "err.folder": ("is a folder, not a case file", "er en mappe, ikke en sagsfil"),
    "err.not_regular": (
        "is not a regular file (a device, a pipe or a socket); give a case file",
        "er ikke en almindelig fil (en enhed, et rør eller en sokkel); angiv en sagsfil",
    ),
    "err.too_big": (
        "is larger than {mb} MB; a case file is a short text file",
        "er større end {mb} MB; en sagsfil er en kort tekstfil",
    ),
    "err.nested": ("nested too deeply", "for dybt indlejret"),
    "val.profile_years": (
        "the profile has {n} years (0 to {last} since intake)",
        "profilen har {n} år (0 til {last} efter optag)",
    ),
    "val.due_after_settlement": (
        "is due after the settlement year {year}, when nothing is paid any more; move it or the settlement_year",
        "forfalder efter afregningsåret {year}, hvor der ikke længere betales; flyt det eller settlement_year",
    ),
    "val.after_settlement": (
        "is after the settlement year {year}, when nothing is paid any more",
        "ligger efter afregningsåret {year}, hvor der ikke længere betales",
    ),
    "val.grant_above": (
        "is more than the programme cost of {year} ({cost}): a grant funds part of the programme, no more",
        "er mere end indsatsudgiften i {year} ({cost}): et tilskud finansierer en del af indsatsen, ikke mere",
    ),
    "val.commit_short": (
        "the investors commit {committed}, less than the {need} of capital the case draws (programme cost, less grants, plus the investor's transaction costs)",
        "investorerne forpligter {committed}, mindre end de {need} i kapital, sagen trækker (indsatsudgift minus tilskud plus investors transaktionsomkostninger)",
    ),
    "val.too_large": (
        "the case is too large to evaluate: {cohorts} cohorts x {items} outcomes or savings items x {years} years = {size}; at most {most}",
        "sagen er for stor til at beregne: {cohorts} hold x {items} effektmål eller besparelser x {years} år = {size}; højst {most}",
    ),
    "val.bands_pooled": (
        "return bands are judged on the pooled result each year: remove {key}",
        "afkastbånd vurderes hvert år på det samlede resultat: fjern {key}",
    ),
    "val.tiers_max": (
        "tiers: at_least must be at most {most} (a share or a change)",
        "tiers: at_least må højst være {most} (en andel eller en ændring)",
    ),
    "val.sd_max": ("sd must be at most {most}, got {got}", "sd må højst være {most}, fik {got}"),
    "val.sigma_max": (
        "sigma must be at most {most} (draws would overflow), got {got}",
        "sigma må højst være {most} (trækningerne ville løbe over), fik {got}",
    ),
    "val.give_levels": (
        "give baseline, with_programme or effect",
        "angiv baseline, with_programme eller effect",
    ),
    "val.form_levels": ("baseline or with_programme", "baseline eller with_programme"),
    "val.same_form": (
        "this outcome states its levels as {form}; give that here too",
        "dette effektmål angiver sine niveauer som {form}; angiv det også her",
    ),
    "val.worse_below": (
        "with_programme is below baseline, so the programme makes this outcome worse; if {other} is better here, add better: {other}",
        "with_programme ligger under baseline, så indsatsen gør dette effektmål værre; hvis {other} er bedre her, tilføj better: {other}",
    ),
    "val.worse_above": (
        "with_programme is above baseline, so the programme makes this outcome worse; if {other} is better here, add better: {other}",
        "with_programme ligger over baseline, så indsatsen gør dette effektmål værre; hvis {other} er bedre her, tilføj better: {other}",
    ),
    "val.measured_late": (
        "cohort {cohort} would be measured in {year}, after the case's last year {last}: its results then are never paid; measure earlier or lengthen the horizon",
        "holdet {cohort} ville blive målt i {year}, efter sagens sidste år {last}: dets resultater bliver da aldrig betalt; mål tidligere, eller forlæng perioden",
    ),
    "val.paid_after_cohort": (
        "cohort {cohort}'s measurement in {year} would be paid in {paid}, after the settlement year {settles}, when nothing is paid any more; measure earlier or move the settlement_year",
        "holdet {cohort}s måling i {year} ville blive betalt i {paid}, efter afregningsåret {settles}, hvor der ikke længere betales; mål tidligere, eller flyt settlement_year",
    ),
    "val.paid_after": (
        "the measurement in {year} would be paid in {paid}, after the settlement year {settles}, when nothing is paid any more; measure earlier or move the settlement_year",
        "målingen i {year} ville blive betalt i {paid}, efter afregningsåret {settles}, hvor der ikke længere betales; mål tidligere, eller flyt settlement_year",
    ),
    "val.pooled_complete": (
        "the pooled result is complete in {year}, at the end of the last cohort's profile",
        "det samlede resultat er kendt i {year}, ved slutningen af det sidste holds forløb",
    ),
    "val.pooled_measured": ("the pooled result is measured in {year}", "det samlede resultat måles i {year}"),
    "val.result_measured": ("the result is measured in {year}", "resultatet måles i {year}"),
    "val.or_say_when": (
        ", or say when it is measured, e.g. measured: {{after_intake: {n}}}",
        ", eller angiv, hvornår det måles, fx measured: {{after_intake: {n}}}",
    ),
    "val.also": (" (also {years})", " (også {years})"),
    "val.paid_before_result": (
        "is paid in {year}{also}, before the result it depends on: {when}; pay it in {judged} or later",
        "betales i {year}{also}, før det resultat, det afhænger af: {when}; betal det i {judged} eller senere",
    ),
    "val.pooled_after": (
        "{when}, and would be paid in {paid}, after the settlement year {settles}; judge per_cohort, shorten the lag or move the settlement_year",
        "{when} og ville blive betalt i {paid}, efter afregningsåret {settles}; vurder per_cohort, afkort forsinkelsen, eller flyt settlement_year",
    ),
    "res.no_names": ("none (give the case's cohorts names)", "ingen (giv sagens hold navne)"),
    "res.no_cohort": (
        "no cohort named '{name}' in the case; cohorts are: {known}",
        "intet hold ved navn '{name}' i sagen; holdene er: {known}",
    ),
    "res.twice": ("cohort '{name}' is measured in {year} twice", "holdet '{name}' er målt to gange i {year}"),
    "res.not_in_contract": (
        "cohort '{name}' is not measured in {year} under the contract; its measurements are in: {shown}",
        "holdet '{name}' måles ikke i {year} efter kontrakten; dets målinger ligger i: {shown}",
    ),
    "res.ten_times": (
        "{got} is over ten times the {planned} planned",
        "{got} er over ti gange de {planned} planlagte",
    ),
    "res.with_and_baseline": ("with_programme (and baseline)", "with_programme (og baseline)"),
    "res.stated_by": (
        "outcome '{name}' is stated by its {want}: give that",
        "effektmålet '{name}' angives ved sin {want}: angiv den",
    ),
    "res.share": (
        "must be between 0 and 1, got {got} (a share of participants)",
        "skal være mellem 0 og 1, fik {got} (en andel af deltagerne)",
    ),
    "res.never_ran": (
        "cohort '{name}' enters in {year}, after the termination in {stop}: it never ran",
        "holdet '{name}' starter i {year}, efter afbrydelsen i {stop}: det kørte aldrig",
    ),
    "val.tiers_fall": (
        "levels must fall (lower is better for '{name}') from one tier to the next",
        "niveauerne skal falde (lavere er bedre for '{name}') fra det ene trin til det næste",
    ),
    "val.tiers_climb": (
        "levels must rise (higher is better for '{name}') from one tier to the next",
        "niveauerne skal stige (højere er bedre for '{name}') fra det ene trin til det næste",
    ),
    "val.no_names": ("none (give the cohorts names)", "ingen (giv holdene navne)"),
    "err.and": (" and ", " og "),
    "err.or": (" or ", " eller "),
    "err.required": ("is required", "skal angives"),
    "err.unknown_key": ("unknown key '{key}'; {hint}", "ukendt nøgle '{key}'; {hint}"),
    "err.did_you_mean": ("did you mean '{close}'?", "mente du '{close}'?"),
    "err.allowed_keys": ("allowed keys: {keys}", "tilladte nøgler: {keys}"),
    "err.must_be": ("must be {expected}, got {got}", "skal være {expected}, fik {got}"),
    "err.one_of": ("must be one of {expected}, got {got}", "skal være en af {expected}, fik {got}"),
    "err.type_one_of": ("type must be one of {tags}", "type skal være en af {tags}"),
    "err.type_got": (", got '{got}'", ", fik '{got}'"),
    "err.at_least_items": ("must have at least {n} item(s)", "skal have mindst {n} element(er)"),
    "err.at_most_items": ("must have at most {n} items, got {got}", "må højst have {n} elementer, fik {got}"),
    "err.finite": ("must be a finite number, got {got}", "skal være et endeligt tal, fik {got}"),
    "err.between": ("between {lo} and {hi}", "mellem {lo} og {hi}"),
    "err.at_least": ("at least {lo}", "mindst {lo}"),
    "err.greater": ("greater than {lo}", "større end {lo}"),
    "err.at_most": ("at most {hi}", "højst {hi}"),
    "err.less": ("less than {hi}", "mindre end {hi}"),
    "err.from_to": ("from {lo} to {hi}", "fra {lo} til {hi}"),
    "err.percent_hint": (
        " (write a percentage as a fraction: 3.5 % is 0.035)",
        " (skriv en procentsats som brøk: 3,5 % er 0.035)",
    ),
    "err.a_whole_number": ("a whole number", "et helt tal"),
    "err.a_number": ("a number", "et tal"),
    "err.text": ("text", "tekst"),
    "err.true_false": ("true or false", "true eller false"),
    "err.a_mapping_lines": ("a mapping (key: value lines)", "en tabel (linjer med nøgle: værdi)"),
    "err.a_list_lines": ("a list (lines starting with -)", "en liste (linjer, der begynder med -)"),
    "err.a_mapping": ("a mapping", "en tabel"),
    "err.a_list": ("a list", "en liste"),
    "err.nothing": ("nothing", "ingenting"),
    "err.bool": ("{value} (true/false)", "{value} (true/false)"),
    "err.empty_file": (
        "is empty; a case file needs at least case:, cohorts:, outcomes: and financing:",
        "er tom; en sagsfil skal mindst have case:, cohorts:, outcomes: og financing:",
    ),
    "err.not_yaml": ("not valid YAML: {problem}", "ikke gyldig YAML: {problem}"),
    "err.control": (
        "not valid YAML: the control character U+{code} is not allowed",
        "ikke gyldig YAML: kontroltegnet U+{code} er ikke tilladt",
    ),
    "err.too_deep": ("not valid YAML: nested too deeply", "ikke gyldig YAML: for dybt indlejret"),
    "err.tag": (
        "the tag {tag} is not allowed; only plain YAML values are",
        "mærket {tag} er ikke tilladt; kun almindelige YAML-værdier er",
    ),
    "err.in_scenario": (" (in scenario '{name}')", " (i scenariet '{name}')"),
    "err.key": ("key {message}", "nøgle: {message}"),
    "exists": (
        "{path}: already exists; use --force to overwrite it",
        "{path}: findes allerede; brug --force for at overskrive den",
    ),
    "book.sheet.inputs": ("Inputs", "Forudsætninger"),
    "book.sheet.sib": ("Years SIB", "År SEI"),
    "book.sheet.self": ("Years self-financed", "År egenfinansiering"),
    "book.sheet.figures": ("Key figures", "Nøgletal"),
    "book.sheet.case": ("Case file", "Sagsfil"),
    "book.page": ("Page &P of &N", "Side &P af &N"),
    "book.inputs_title": ("Inputs", "Forudsætninger"),
    "book.inputs_note": (
        "Blue cells on yellow are the model's inputs: change one and every figure on the other sheets follows when the workbook recalculates. Grey cells are values the workbook cannot recompute; a note beside them says why.",
        "Blå celler på gul baggrund er modellens forudsætninger: ændr en, og alle tal på de andre ark følger med, når projektmappen genberegnes. Grå celler er værdier, som projektmappen ikke kan genberegne; en note ved siden af siger hvorfor.",
    ),
    "book.general": ("General", "Generelt"),
    "book.discount_rate": ("Discount rate (real, a year)", "Diskonteringsrente (real, pr. år)"),
    "book.programme": ("Programme cost", "Indsatsudgift"),
    "book.cost_pp": ("Cost per participant", "Udgift pr. deltager"),
    "book.spread": ("Share of the cost in each year since intake", "Andel af udgiften i hvert år fra optag"),
    "book.since": ("Year {k}", "År {k}"),
    "book.fixed": ("Fixed costs by year", "Faste udgifter pr. år"),
    "book.cohorts": ("Cohorts", "Hold"),
    "book.intake": ("intake year", "optagelsesår"),
    "book.participants": ("participants", "deltagere"),
    "book.effect_scale": ("effect scale", "effektskala"),
    "book.outcome": ("Outcome", "Effektmål"),
    "book.effect": ("Effect (improvement per participant)", "Effekt (forbedring pr. deltager)"),
    "book.deadweight": ("Deadweight", "Dødvægt"),
    "book.baseline": ("Level without the programme", "Niveau uden indsatsen"),
    "book.with_programme": ("Level with the programme", "Niveau med indsatsen"),
    "book.attribution": ("Share attributed to the programme", "Andel, der tilskrives indsatsen"),
    "book.optimism_bias": ("Optimism-bias correction", "Korrektion for overoptimisme"),
    "book.net_improvement": (
        "Net improvement per participant (formula)",
        "Nettoforbedring pr. deltager (formel)",
    ),
    "book.profile": ("Effect in each year since intake", "Effekt i hvert år fra optag"),
    "book.savings": ("Savings items", "Besparelser"),
    "book.tax_on": ("Taxable income per unit", "Skattepligtig indkomst pr. enhed"),
    "book.tax_rate": ("Municipal tax rate", "Kommunal skatteprocent"),
    "book.amount": ("Amount per unit", "Beløb pr. enhed"),
    "book.municipal_share": ("Municipality's share", "Kommunens andel"),
    "book.cashable": ("Cashable share", "Budgetmæssigt realiserbar andel"),
    "book.lag": ("Lag (years)", "Forsinkelse (år)"),
    "book.transaction_costs": ("Transaction costs by year", "Transaktionsomkostninger pr. år"),
    "book.paid_by": ("Paid by, counted under", "Betales af, medregnes ved"),
    "book.tc_note": (
        "Who pays a transaction cost and under which financing it counts are fixed in this workbook: change them in the case file.",
        "Hvem der betaler en transaktionsomkostning, og ved hvilken finansiering den medregnes, ligger fast i projektmappen: ret det i sagsfilen.",
    ),
    "book.payments": ("Payment rules (social impact bond)", "Betalingsregler (social effektinvestering)"),
    "book.rate_card": ("Rate card", "Pris pr. enhed"),
    "book.price": ("price per unit", "pris pr. enhed"),
    "book.cap_total": ("Cap on all payments (amount)", "Loft over alle betalinger (beløb)"),
    "book.cap_multiple": (
        "Cap on all payments (times the capital)",
        "Loft over alle betalinger (gange kapitalen)",
    ),
    "book.cap_per_year": ("Cap on payments a year", "Loft over betalinger pr. år"),
    "book.gap.payments": (
        "The outcome payments are the engine's values: this case's payment rules (thresholds, tiers, schedules, waterfalls, protection, guarantee or other payers) are not written as formulas. Change the case file and evaluate again.",
        "Resultatbetalingerne er beregnet af sib-case og står som værdier: sagens betalingsregler (tærskler, trapper, faste beløb, vandfald, kapitalbeskyttelse, garanti eller andre betalere) er ikke skrevet som formler. Ret sagsfilen, og beregn igen.",
    ),
    "book.gap.overrides": (
        "Units are the engine's values: the case sets levels by cohort or year.",
        "Enhederne står som værdier: sagen angiver niveauer pr. hold eller år.",
    ),
    "book.gap.programme": (
        "The programme cost is the engine's values: the case has a termination or money actually spent.",
        "Indsatsudgiften står som værdier: sagen har en afbrydelse eller faktisk afholdte udgifter.",
    ),
    "book.gap.grants": (
        "Grants are values (from the case file).",
        "Tilskud står som værdier (fra sagsfilen).",
    ),
    "book.gap.schedule": (
        "The discount factors follow the preset schedule named in the case file: they are values, and the rate cell does not drive them.",
        "Diskonteringsfaktorerne følger den forudindstillede rentesats i sagsfilen: de står som værdier, og rentecellen styrer dem ikke.",
    ),
    "book.year": ("Year", "År"),
    "book.units": ("Units", "Enheder"),
    "book.saving_all": ("Saving, all holders", "Besparelse, alle"),
    "book.saving_mun": ("Saving, municipal (cashable)", "Besparelse, kommunen (realiserbar)"),
    "book.tc_public": ("Transaction costs (public)", "Transaktionsomk. (offentlige)"),
    "book.tc_all": ("Transaction costs (all payers)", "Transaktionsomk. (alle)"),
    "book.tc_investor": ("Transaction costs (investor)", "Transaktionsomk. (investor)"),
    "book.due": ("Payments due before caps", "Forfaldent før lofter"),
    "book.others_public": ("Paid by the region or state", "Betalt af region eller stat"),
    "book.grants_public": ("Grants from the region or state", "Tilskud fra region eller stat"),
    "book.discount": ("Discount factor", "Diskonteringsfaktor"),
    "book.public_net": ("Public-sector net", "Offentlig netto"),
    "book.stays": ("Cumulative stays at or above 0 (1 = yes)", "Akkumuleret forbliver ≥ 0 (1 = ja)"),
    "book.stays_discounted": (
        "Discounted cumulative stays at or above 0",
        "Diskonteret akkumuleret forbliver ≥ 0",
    ),
    "book.years_note": (
        "Every white cell is a formula over the Inputs sheet; grey cells are the engine's values.",
        "Alle hvide celler er formler over arket Forudsætninger; grå celler er værdier beregnet af sib-case.",
    ),
    "book.how": ("How", "Hvordan"),
    "book.formula": ("formula over the years sheets", "formel over årsarkene"),
    "book.value": (
        "value from sib-case (needs the whole engine)",
        "værdi fra sib-case (kræver hele beregningen)",
    ),
    "book.case_note": (
        "The case file as written, for the record: values; edit the Inputs sheet, or the case file.",
        "Sagsfilen, som den er skrevet, til dokumentation: værdier; ret arket Forudsætninger eller sagsfilen.",
    ),
    "init.template": ("Template (its number or name)", "Skabelon (nummer eller navn)"),
    "init.name": ("Name of the case", "Sagens navn"),
    "init.municipality": ("Municipality", "Kommune"),
    "init.description": (
        "What the programme is, in a sentence or two",
        "Hvad indsatsen er, i en sætning eller to",
    ),
    "init.participants": ("Participants in all", "Deltagere i alt"),
    "init.years": ("Years the case runs", "Antal år, casen løber"),
    "init.financing": (
        "Financing (sib: a social impact bond, self: self-financed)",
        "Finansiering (sei: social effektinvestering, egen: egenfinansiering)",
    ),
    "init.mode.sib": ("sib", "sei"),
    "init.mode.self": ("self", "egen"),
    "init.whole": (
        "give a whole number from {low} to {high}, got '{got}'",
        "angiv et helt tal fra {low} til {high}, fik '{got}'",
    ),
    "init.one_of": ("give one of: {choices}; got '{got}'", "angiv en af: {choices}; fik '{got}'"),
    "init.empty": ("give an answer", "angiv et svar"),
    "init.describe_me": (
        "[Describe the programme: who takes part, what they get, and how the investor is paid.]",
        "[Beskriv indsatsen: hvem deltager, hvad de får, og hvordan investor betales.]",
    ),
    "init.banner": (
        "Case made with sib-case init from a template. Every figure is the template's example:\n"
        "replace it with your own and give its source; `sib-case validate` checks the file.",
        "Sag oprettet med sib-case init fra en skabelon. Alle tal er skabelonens eksempler:\n"
        "ret dem til jeres egne, og angiv kilden; `sib-case validate` tjekker filen.",
    ),
    "init.next": (
        "Next:\n  sib-case validate {file}\n  sib-case evaluate {file}\n  sib-case memo {file} -o memo.docx",
        "Næste skridt:\n  sib-case validate {file} --lang da\n  sib-case evaluate {file} --lang da\n"
        "  sib-case memo {file} -o notat.docx --lang da",
    ),
    "template.children-families": (
        "Intensive family treatment that prevents placements in care, paid with a share of measured savings.",
        "Intensiv familiebehandling, der forebygger anbringelser, betalt med en andel af de målte besparelser.",
    ),
    "template.crime-reoffending": (
        "Mentoring and jobs for people released from prison, paid per person-year in work once reoffending falls.",
        "Mentor- og jobindsats for løsladte, betalt pr. personår i job, når tilbagefaldet er faldet nok.",
    ),
    "template.employment": (
        "IPS-like support into jobs for long-term cash-benefit recipients, paid per person-year in work.",
        "IPS-lignende jobindsats for langvarige kontanthjælpsmodtagere, betalt pr. personår i job.",
    ),
    "template.health": (
        "Stress treatment for people on sick leave, paid in fixed amounts by a ladder of stress results.",
        "Stressforløb for sygemeldte med stress, betalt med faste beløb efter en trappemodel.",
    ),
    "template.homelessness-housing": (
        "Housing First for people long in shelters, paid in fixed amounts once shelter use falls.",
        "Housing First for hjemløse med lange herbergsophold, betalt, når herbergsbruget falder.",
    ),
    "page_of": ("Page {page} of {pages}", "Side {page} af {pages}"),
    "millions": ("million {currency}", "mio. {currency}"),
    "total": ("Total", "I alt"),
    "left_out": (
        "Left out to fit the terminal: {columns} (see --format json).",
        "Udeladt for at passe til terminalen: {columns} (se --format json).",
    ),
    "of_effect": ("{value} of the expected effect", "{value} af den forventede effekt"),
    "times_capital": ("{value}x", "{value} gange kapitalen"),
    "times_short": ("{value}x", "{value} gange"),
    "no_payment_rules": (
        "The case has no payment rules: under a SIB the investor would be paid nothing.",
        "Sagen har ingen betalingsregler: ved en social effektinvestering fik investor intet.",
    ),
    "metric": ("Metric", "Nøgletal"),
    "value": ("Value", "Værdi"),
    "assumption": ("Assumption", "Forudsætning"),
    "source": ("Source", "Kilde"),
    "valid": ("ok", "ok"),
    "wrote": ("wrote {file}", "skrev {file}"),
    "invalid_count": ("{bad} of {total} case files invalid", "{bad} af {total} sagsfiler er ugyldige"),
    "invalid_one": ("{bad} of {total} case files invalid", "{bad} af {total} sagsfiler er ugyldig"),
    # charts and reports
    "chart_title": ("Cumulative municipal net cash flow", "Kommunens akkumulerede nettopengestrøm"),
    "chart_axis": ("Cumulative net ({currency})", "Akkumuleret netto ({currency})"),
    "chart_break_even": ("break-even {year}", "tilbagebetalt {year}"),
    "report_title": ("Business case", "Business case (beslutningsgrundlag)"),
    "generated_by": ("Made with sib-case {version}", "Lavet med sib-case {version}"),
    # uncertainty
    "scenarios_title": ("Scenarios", "Scenarier"),
    "scenario_base": ("base case (as written)", "basisscenarie"),
    "sensitivity_title": ("Sensitivity of the municipal NPV", "Følsomhed af kommunens nutidsværdi"),
    "sensitivity_base": ("All inputs at their point values", "Alle forudsætninger i deres punktværdi"),
    "uncertain_input": ("Uncertain input", "Usikker forudsætning"),
    "low": ("Low", "Lav"),
    "high": ("High", "Høj"),
    "npv_at_low": ("NPV at low", "NPV ved lav"),
    "npv_at_high": ("NPV at high", "NPV ved høj"),
    "switching_value": ("Switching value", "Skifteværdi"),
    "simulation_title": ("Monte Carlo simulation", "Monte Carlo-simulering"),
    "draws": ("Draws", "Trækninger"),
    "seed": ("Seed", "Startværdi (seed)"),
    "probability_municipal_gain": (
        "Probability the municipality gains (NPV > 0)",
        "Sandsynlighed for kommunal gevinst (NPV > 0)",
    ),
    "npv_p5": ("Municipal NPV, P5", "Kommunens NPV, P5"),
    "npv_p50": ("Municipal NPV, P50 (median)", "Kommunens NPV, P50 (median)"),
    "npv_p95": ("Municipal NPV, P95", "Kommunens NPV, P95"),
    "gain_p5": ("Net municipal gain, P5", "Kommunens nettogevinst, P5"),
    "gain_p50": ("Net municipal gain, P50 (median)", "Kommunens nettogevinst, P50 (median)"),
    "gain_p95": ("Net municipal gain, P95", "Kommunens nettogevinst, P95"),
    "expected_outcome_payments": ("Expected outcome payments", "Forventede resultatbetalinger"),
    "probability_investor_recovers_capital": (
        "Probability the investor recovers its capital",
        "Sandsynlighed for at investor får kapitalen tilbage",
    ),
    "investor_irr_range": ("Investor IRR, P5 / P50 / P95", "Investors IRR, P5 / P50 / P95"),
    "break_even_in": ("Break-even year {year}", "Tilbagebetalingsår (break-even) {year}"),
    # explain
    "explain.sum_of": ("The sum of {column} over the years", "Summen af {column} over årene"),
    "explain.all_payers": (
        "Transaction costs of every payer, by year",
        "Transaktionsomkostninger for alle betalere, år for år",
    ),
    "explain.public_net": (
        "Public savings (all holders) - outcome payments or programme cost - public transaction costs, by year",
        "Offentlige besparelser (alle) - resultatbetalinger eller indsatsudgift - offentlige transaktionsomkostninger, år for år",
    ),
    "explain.break_even": (
        "The first year from which {column} stays at or above zero to the end:",
        "Det første år, hvorfra {column} forbliver nul eller positiv til periodens slutning:",
    ),
    "explain.result": ("Result: {value}", "Resultat: {value}"),
    "explain.bcr": (
        "PV of municipal cashable savings {savings} / PV of municipal costs {costs}",
        "Nutidsværdi af kommunens kontante besparelser {savings} / nutidsværdi af kommunens udgifter {costs}",
    ),
    "explain.discounted": (
        "Each year's net flow x 1 / (1 + r)^t, r = {rate}; the first year at face value:",
        "Hvert års nettostrøm x 1 / (1 + r)^t, r = {rate}; første år til pålydende:",
    ),
    "explain.no_effect": (
        "With every effect set to zero (no savings, and only what is owed regardless):",
        "Med alle effekter sat til nul (ingen besparelser, kun det, der skal betales uanset):",
    ),
    "explain.no_investor": ("No investor under self-financing.", "Ingen investor ved egenfinansiering."),
    "explain.investor_flows": (
        "Investor flows: -capital + outcome payments + guarantee payments, by year:",
        "Investors strømme: -kapital + resultatbetalinger + garantibetalinger, år for år:",
    ),
    "explain.multiple": (
        "Receipts {receipts} / capital {capital}",
        "Modtaget {receipts} / kapital {capital}",
    ),
    "explain.irr": (
        "The rate {rate} at which these flows are worth nothing: NPV at that rate = {check}",
        "Renten {rate}, hvor strømmene tilsammen er nul værd: nutidsværdi ved den rente = {check}",
    ),
    "explain.no_irr": (
        "The flows do not change sign: no IRR.",
        "Strømmene skifter ikke fortegn: ingen intern rente.",
    ),
    "explain.effect_municipal": (
        "Every effect multiplied by m; the municipal NPV turns non-negative at the break-even effect:",
        "Alle effekter ganget med m; kommunens nutidsværdi bliver ikke-negativ ved break-even-effekten:",
    ),
    "explain.effect_investor": (
        "Every effect multiplied by m; the investor's net gain turns non-negative at the break-even effect:",
        "Alle effekter ganget med m; investors nettogevinst bliver ikke-negativ ved break-even-effekten:",
    ),
    "explain.effect_none_municipal": (
        "No multiplier up to 100 makes the municipal NPV change sign near the stated effect.",
        "Ingen faktor op til 100 får kommunens nutidsværdi til at skifte fortegn nær den antagne effekt.",
    ),
    "explain.effect_none_investor": (
        "No investor, or no multiplier up to 100 gets the investor its capital back.",
        "Ingen investor, eller ingen faktor op til 100 giver investor kapitalen tilbage.",
    ),
    "explain.as_reported": ("As computed by evaluate.", "Som beregnet af evaluate."),
    "explain.cost_line": (
        "cohort {cohort}: {n} participants x {per} x {share} in this year = {amount}",
        "hold {cohort}: {n} deltagere x {per} x {share} i dette år = {amount}",
    ),
    "explain.fixed": ("fixed costs: {amount}", "faste udgifter: {amount}"),
    "explain.rate_card": (
        "{rule}: {units} units of {outcome} in {year} x {price} = {due}",
        "{rule}: {units} enheder af {outcome} i {year} x {price} = {due}",
    ),
    "explain.capped": (", cut by caps to {paid}", ", beskåret af lofter til {paid}"),
    "explain.capital_as_needed": (
        "the programme cost of the year, drawn as it falls due: {amount}",
        "årets indsatsudgift, trukket efterhånden som den afholdes: {amount}",
    ),
    "explain.capital_upfront": (
        "the whole programme cost, drawn up front in the first year: {amount}",
        "hele indsatsudgiften, trukket på forhånd i det første år: {amount}",
    ),
    "explain.measured": ("rests on results measured in {year}", "bygger på resultater målt i {year}"),
    "explain.measured_pooled": (
        "rests on the pooled result, measured in {year}",
        "bygger på det samlede resultat, målt i {year}",
    ),
    "explain.cohort_own": ("{cohort}: passes on its own result", "{cohort}: består på eget resultat"),
    "explain.cohort_pooled": (
        "{cohort}: passes only on the pooled result",
        "{cohort}: består kun på det samlede resultat",
    ),
    "explain.cohorts": ("cohorts: {cohorts}", "hold: {cohorts}"),
    "explain.condition.share_of_target": (
        "{outcome} ({judged}): {achieved} of the target, needs {needed}: {verdict}",
        "{outcome} ({judged}): {achieved} af målet, kræver {needed}: {verdict}",
    ),
    "explain.condition.change.higher": (
        "{outcome} ({judged}): {achieved} above the baseline, needs {needed}: {verdict}",
        "{outcome} ({judged}): {achieved} over basisniveauet, kræver {needed}: {verdict}",
    ),
    "explain.condition.change.lower": (
        "{outcome} ({judged}): {achieved} below the baseline, needs {needed}: {verdict}",
        "{outcome} ({judged}): {achieved} under basisniveauet, kræver {needed}: {verdict}",
    ),
    "explain.condition.level.higher": (
        "{outcome} ({judged}): a level of {achieved}, needs at least {needed}: {verdict}",
        "{outcome} ({judged}): et niveau på {achieved}, kræver mindst {needed}: {verdict}",
    ),
    "explain.condition.level.lower": (
        "{outcome} ({judged}): a level of {achieved}, needs at most {needed}: {verdict}",
        "{outcome} ({judged}): et niveau på {achieved}, kræver højst {needed}: {verdict}",
    ),
    "explain.tier": (
        "{outcome} ({judged}): {achieved}: the tier from {tier}",
        "{outcome} ({judged}): {achieved}: trinnet fra {tier}",
    ),
    "explain.judged.per_cohort": ("its own result", "eget resultat"),
    "explain.judged.pooled": ("pooled", "samlet"),
    "explain.met": ("met", "opfyldt"),
    "explain.not_met": ("not met", "ikke opfyldt"),
    "investors": ("Investors (SIB)", "Investorer (social effektinvestering)"),
    "investor.name": ("Investor", "Investor"),
    "investor.priority": ("Priority", "Prioritet"),
    "investor.committed": ("Committed", "Tilsagn"),
    "investor.drawn": ("Drawn", "Trukket"),
    "investor.received": ("Received", "Modtaget"),
    "investor.multiple": ("Multiple", "Multipel"),
    "investor.irr": ("IRR", "IRR"),
    "explain.band": (
        "{outcome} (pooled): {achieved}: the band of {rate} a year",
        "{outcome} (samlet): {achieved}: båndet med {rate} om året",
    ),
    "explain.no_band": (
        "{outcome} (pooled): {achieved}: no band reached",
        "{outcome} (samlet): {achieved}: intet bånd nået",
    ),
    "explain.guarantee": (
        "{guarantor}: {share} of the investor's loss of {loss} ({capital} drawn less {received} received)",
        "{guarantor}: {share} af investors tab på {loss} ({capital} trukket minus {received} modtaget)",
    ),
    "explain.guarantor": ("the guarantor", "garanten"),
    "explain.at_most": (", at most {amount}", ", højst {amount}"),
    "explain.part.payment_rules": ("Payment rules (SIB)", "Betalingsregler (social effektinvestering)"),
    "explain.part.investors": ("Investors (SIB)", "Investorer (social effektinvestering)"),
    "explain.part.settlement": ("Settlement (SIB)", "Slutopgørelse (social effektinvestering)"),
    "explain.investor": (
        "{name} (priority {priority}, coupon {coupon}): drawn {drawn}, received {received}, IRR {irr}",
        "{name} (prioritet {priority}, kupon {coupon}): trukket {drawn}, modtaget {received}, IRR {irr}",
    ),
    "explain.no_investors": (
        "No named investors: one investor, the investor view",
        "Ingen navngivne investorer: én investor, investorsiden",
    ),
    "explain.settled": ("settled in {year}", "opgjort i {year}"),
    "explain.roots": (
        "the rates at which their NPV is zero: {roots}",
        "de renter, hvor nutidsværdien er nul: {roots}",
    ),
    "explain.irr_roots": (
        "the flows change sign more than once and have several IRRs ({roots}); the one reported is the"
        " one that agrees with the net gain",
        "pengestrømmen skifter fortegn mere end én gang og har flere interne renter ({roots}); den viste er"
        " den, der stemmer med nettogevinsten",
    ),
    "never_below_zero": ("never below zero", "aldrig under nul"),
    "track.title": (
        "Business case against results: {case} ({currency})",
        "Business case mod resultater: {case} ({currency})",
    ),
    "track.measured": (
        "Years marked * are measured (results up to {year}); the re-forecast keeps the case's assumptions for the rest.",
        "År markeret med * er målt (resultater til og med {year}); genprognosen bruger sagens antagelser for resten.",
    ),
    "track.no_results": (
        "No results yet: the re-forecast is the plan.",
        "Ingen resultater endnu: genprognosen er planen.",
    ),
    "track.year": ("Year", "År"),
    "track.plan": ("plan", "plan"),
    "track.reforecast": ("re-forecast", "genprognose"),
    "track.variance": ("variance", "afvigelse"),
    "track.reestimated": (
        "Effects not yet measured are re-estimated from the results so far: {ratios}.",
        "Effekter, der endnu ikke er målt, er genberegnet ud fra resultaterne indtil nu: {ratios}.",
    ),
    "track.scenario": ("; the plan is scenario '{name}'", "; planen er scenariet '{name}'"),
    "track.plan_short": ("plan", "plan"),
    "track.chart_title": (
        "Cumulative municipal net: plan and re-forecast",
        "Kommunens akkumulerede nettopengestrøm: plan og genprognose",
    ),
    "track.plan_legend": ("Plan (the business case)", "Plan (business casen)"),
    "track.reforecast_legend": ("Re-forecast (results to {year})", "Genprognose (resultater til {year})"),
    "track.no_results_legend": ("Re-forecast (no results yet)", "Genprognose (endnu ingen resultater)"),
    "track.reforecast_short": ("re-fc.", "genpr."),
    "track.years_change": ("{n:+d} years", "{n:+d} år"),
    "track.retention": (
        "Still in the programme, of those recruited into the cohorts measured: {items}",
        "Stadig i forløbet, af de rekrutterede i de målte hold: {items}",
    ),
    "track.of": ("{year}: {now} of {recruited}", "{year}: {now} af {recruited}"),
    "track.made": ("Paid\n(actual)", "Betalt\n(faktisk)"),
    "track.chance": ("Probability of a municipal gain", "Sandsynlighed for kommunal gevinst"),
    "settle.title": (
        "Settlement of outcome payments {year}: {case}",
        "Opgørelse af resultatbetaling {year}: {case}",
    ),
    "settle.sheet": ("statement", "opgørelse"),
    "settle.units": ("Units paid for", "Enheder, der betales for"),
    "settle.due_before_caps": ("Due before caps", "Forfaldent før lofter"),
    "settle.due_now": ("Due now", "Forfalder nu"),
    "settle.paid_before": ("Paid before (contract)", "Betalt tidligere (kontrakt)"),
    "settle.room_left": ("Room left under the cap", "Tilbage under loftet"),
    "settle.protection": ("Capital protection top-up", "Kapitalbeskyttelse, efterbetaling"),
    "settle.guarantee": ("Guarantee (paid by the guarantor)", "Garanti (betales af garanten)"),
    "settle.common_room_left": (
        "Room left under the cap on all payments",
        "Tilbage under loftet for alle betalinger",
    ),
    "settle.total_due": ("Due now in all", "Forfalder nu i alt"),
    "settle.contract_before": ("Due in earlier years (contract)", "Forfaldet i tidligere år (kontrakt)"),
    "settle.made_before": ("Paid in earlier years (results file)", "Betalt i tidligere år (resultatfil)"),
    "settle.waits": (
        "{cohort}: not paid now: it passes only on the pooled result, paid in {year}",
        "{cohort}: betales ikke nu: består kun på det samlede resultat, som betales i {year}",
    ),
    "settle.fails": ("{cohort}: no payment: {reasons}", "{cohort}: ingen betaling: {reasons}"),
    "settle.condition": (
        "{outcome} ({judged}) {achieved} against the {needed} needed",
        "{outcome} ({judged}) {achieved} mod de krævede {needed}",
    ),
    "settle.how_rate": ("{units} units x {price} = {due}", "{units} enheder x {price} = {due}"),
    "settle.how_share": (
        "{share} of the measured savings of {savings} = {due}",
        "{share} af de målte besparelser på {savings} = {due}",
    ),
    "settle.how_fixed": (
        "{amount} due in {year} x {share} of the participants, in the cohorts that pass = {due}",
        "{amount} forfalder i {year} x {share} af deltagerne, i de hold der består = {due}",
    ),
    "settle.how_room": (
        "room left: the cap of {limit} less {paid} paid up to and including {year} = {room}",
        "tilbage under loftet: loftet på {limit} minus {paid} betalt til og med {year} = {room}",
    ),
    "settle.last_date": (
        "{year} is the contract's last payment date: what falls due later is not paid, and capital "
        "protection and the guarantee are settled now",
        "{year} er kontraktens sidste betalingsdato: det, der forfalder senere, betales ikke, og "
        "kapitalbeskyttelse og garanti gøres op nu",
    ),
    "settle.how_before": ("paid before: {years}", "betalt tidligere: {years}"),
    "settle.cut": ("caps cut {amount} of what is due", "lofterne skærer {amount} af det forfaldne"),
    "settle.after_settlement": (
        "not paid: {amount} falls due after the settlement year {year}, when the contract has ended",
        "betales ikke: {amount} forfalder efter slutåret {year}, hvor kontrakten er ophørt",
    ),
    "settle.differs": (
        "{year}: {made} was paid, the contract made {due} due",
        "{year}: der blev betalt {made}, kontrakten gjorde {due} forfaldent",
    ),
    "explain.spent": (
        "actually spent (as stated in place of the plan): {amount}",
        "faktisk afholdt (angivet i stedet for planen): {amount}",
    ),
    "explain.grant_cut": (
        "beyond the year's programme cost, not used: {amount}",
        "ud over årets indsatsudgift, ikke brugt: {amount}",
    ),
    "explain.protection": (
        "capital protection top-up: {amount}",
        "kapitalbeskyttelse, efterbetaling: {amount}",
    ),
    "explain.nothing": ("Nothing this year.", "Intet i dette år."),
    "explain.cost_per_unit": (
        "{outcome}: {spent} spent / {units} units = {cost} a unit",
        "{outcome}: {spent} brugt / {units} enheder = {cost} pr. enhed",
    ),
    "explain.saving_line": (
        "{item}, cohort {cohort}: {n} participants x {effect} effect x {profile} profile x {amount} x {share} municipal and cashable = {result}",
        "{item}, hold {cohort}: {n} deltagere x {effect} effekt x {profile} profil x {amount} x {share} kommunal og kontant = {result}",
    ),
    "explain.saving_line_public": (
        "{item}, cohort {cohort}: {n} participants x {effect} effect x {profile} profile x {amount} = {result}",
        "{item}, hold {cohort}: {n} deltagere x {effect} effekt x {profile} profil x {amount} = {result}",
    ),
    # compare
    "compare_title": ("Cases compared", "Sammenligning af sager"),
    "comparing": ("Evaluating cases", "Beregner sager"),
    "failed_count": (
        "cases that could not be evaluated: {bad} of {total}",
        "sager, der ikke kunne beregnes: {bad} af {total}",
    ),
    # html report and chart (added by the report helper)
    "chart_no_break_even": ("no break-even", "ikke tilbagebetalt"),
    "chart_caption": (
        "A ring marks a break-even year: the first year from which the cumulative net stays at or above zero.",
        "En ring markerer et tilbagebetalingsår: det første år, hvorfra den akkumulerede netto forbliver på eller over nul.",
    ),
    # memo (added by the memo helper): the council memo's headings and sentence templates
    "memo.title": ("Council memo: {name}", "Sagsfremstilling: {name}"),
    "memo.municipality": ("Municipality: {municipality}.", "Kommune: {municipality}."),
    "memo.basis": (
        "Amounts in constant {year} prices ({currency}); real discount rate {rate} a year.",
        "Beløb i faste {year}-priser ({currency}); real diskonteringsrente {rate} om året.",
    ),
    "memo.period": ("{first}\u2013{last}", "{first}\u2013{last}"),
    "memo.and": ("{rest} and {last}", "{rest} og {last}"),
    "memo.or": ("{rest} or {last}", "{rest} eller {last}"),
    "memo.quoted": ("\u201c{text}\u201d", "\u201d{text}\u201d"),
    "memo.summary": ("Summary", "Resumé"),
    "memo.recommendation": ("Recommendation", "Indstilling"),
    "memo.recommendation.placeholder": (
        "[To be written by the administration: what the committee is asked to decide, for example"
        " to approve the social impact bond and the contract with the investor.]",
        "[Udfyldes af forvaltningen: hvad udvalget indstilles til at beslutte, fx at godkende den"
        " sociale effektinvestering og kontrakten med investor.]",
    ),
    "memo.background": ("Background", "Baggrund"),
    "memo.parties": ("The parties.", "Parterne."),
    "memo.parties.investor": ("The investor is {names}.", "Investor er {names}."),
    "memo.parties.no_investor": (
        "The investor is not yet chosen (the case file names none).",
        "Investor er endnu ikke valgt (sagsfilen nævner ingen).",
    ),
    "memo.parties.guarantor": (
        "{name} guarantees part of the investor's loss.",
        "{name} garanterer for en del af investors tab.",
    ),
    "memo.economics": ("Economics", "Økonomi"),
    "memo.economics.intro": (
        "The table shows the municipality's budget year by year ({unit}, constant prices): its cashable"
        " savings, what it pays under the social impact bond (SIB), and its net under the SIB and"
        " under self-financing (without the SIB). Other costs are the municipality's transaction costs. A"
        " negative net is a year the programme costs the municipality more than it saves.",
        "Tabellen viser kommunens økonomi år for år ({unit}, faste priser): de budgetmæssigt realiserbare"
        " besparelser, hvad kommunen betaler ved social effektinvestering (SEI), og kommunens nettoresultat"
        " ved SEI og ved egenfinansiering (uden SEI). Øvrige omkostninger er kommunens"
        " transaktionsomkostninger. Et negativt nettoresultat er et år, hvor indsatsen koster kommunen"
        " mere, end den sparer.",
    ),
    "memo.negative.sib": (
        "Under the social impact bond the municipal net is negative in {years}.",
        "Med social effektinvestering er kommunens nettoresultat negativt i {years}.",
    ),
    "memo.negative.self": (
        "Self-financed it is negative in {years}.",
        "Ved egenfinansiering er det negativt i {years}.",
    ),
    "memo.budget.year": ("Year", "År"),
    "memo.budget.savings": ("Savings", "Besparelser"),
    "memo.budget.payments": ("Paid to the investor", "Betalt til investor"),
    "memo.budget.tc_sib": ("Other costs (SIB)", "Øvrige omk. (SEI)"),
    "memo.budget.net_sib": ("Net, SIB", "Netto, SEI"),
    "memo.budget.cost_self": ("Costs without SIB", "Udgifter uden SEI"),
    "memo.budget.net_self": ("Net without SIB", "Netto uden SEI"),
    "memo.areas.lead": ("Who pays and who saves.", "Hvem betaler, og hvem sparer."),
    "memo.areas.intro": ("Over the whole period ({mode}):", "I hele perioden ({mode}):"),
    "memo.areas.item": (
        "{area} bears {costs} and saves {savings} (net {net}).",
        "{area} afholder {costs} og sparer {savings} (netto {net}).",
    ),
    "memo.equalisation": (
        "Municipal income tax gained is partly offset by the equalisation between municipalities"
        " (udligning) and depends on the choice of the state-guaranteed tax base; the figures count it"
        " in full.",
        "Den øgede kommunale indkomstskat modregnes delvist i den kommunale udligning og afhænger af valget"
        " mellem statsgaranti og selvbudgettering; tallene medregner den fuldt ud.",
    ),
    "memo.risks": ("Risks", "Risici"),
    "memo.carries.lead": ("If the effect fails.", "Hvis effekten udebliver."),
    "memo.carries.investor": (
        "With no effect at all, {investor} loses {loss} of the {capital} it has put in.",
        "Udebliver effekten helt, taber {investor} {loss} af de {capital}, den har indskudt.",
    ),
    "memo.carries.guarantor": (
        "{guarantor} covers {amount} of that loss.",
        "{guarantor} dækker {amount} af dette tab.",
    ),
    "memo.carries.municipality": (
        "The municipality loses {sib} under the social impact bond, against {self} if it finances the"
        " programme itself.",
        "Kommunen taber {sib} med social effektinvestering mod {self}, hvis den selv finansierer indsatsen.",
    ),
    "memo.the_investor": ("the investor", "investor"),
    "memo.scenarios.lead": ("Scenarios.", "Scenarier."),
    "memo.scenarios.intro": (
        "The case's own scenarios side by side (amounts in {unit}):",
        "Sagens egne scenarier side om side (beløb i {unit}):",
    ),
    "memo.scenario_base": ("base case", "basisscenarie"),
    "memo.tornado.lead": ("What matters most.", "Hvad betyder mest."),
    "memo.tornado.top": (
        "Of the uncertain assumptions, {input} moves the municipal NPV most: from {low} to {high}.",
        "Af de usikre forudsætninger flytter {input} kommunens nutidsværdi mest: fra {low} til {high}.",
    ),
    "memo.tornado.switching_intro": (
        "The municipal NPV turns negative if",
        "Kommunens nutidsværdi bliver negativ, hvis",
    ),
    "memo.tornado.switch": (
        "{input} falls to {value} (assumed: {point})",
        "{input} når {value} (antaget: {point})",
    ),
    "memo.tornado.no_switching": (
        "No single assumption within its range turns the municipal NPV negative.",
        "Ingen enkelt forudsætning inden for sit spænd gør kommunens nutidsværdi negativ.",
    ),
    "memo.tornado.input": ("Assumption", "Forudsætning"),
    "memo.tornado.low": ("Low", "Lav"),
    "memo.tornado.high": ("High", "Høj"),
    "memo.tornado.npv_low": ("NPV at low", "Nutidsværdi ved lav"),
    "memo.tornado.npv_high": ("NPV at high", "Nutidsværdi ved høj"),
    "memo.tornado.switching": ("Switching value", "Skifteværdi"),
    "memo.shortfall.scale": (
        "Recruited: {recruited} of the {planned} planned; costs, effects and the fixed amounts of the payment"
        " model scale with them.",
        "Rekrutteret: {recruited} af de planlagte {planned}; udgifter, effekter og betalingsmodellens faste"
        " beløb følger med.",
    ),
    "memo.shortfall.keep": (
        "Recruited: {recruited} of the {planned} planned; costs and effects scale with them, the fixed amounts"
        " of the payment model do not.",
        "Rekrutteret: {recruited} af de planlagte {planned}; udgifter og effekter følger med, betalingsmodellens"
        " faste beløb gør ikke.",
    ),
    "memo.termination.one": (
        "The programme stops after {year}: 1 later cohort does not start and no programme cost falls later.",
        "Indsatsen stopper efter {year}: 1 senere hold starter ikke, og der afholdes ingen senere indsatsudgift.",
    ),
    "memo.termination": (
        "The programme stops after {year}: {cohorts} later cohorts do not start and no programme cost falls later.",
        "Indsatsen stopper efter {year}: {cohorts} senere hold starter ikke, og der afholdes ingen senere"
        " indsatsudgift.",
    ),
    "memo.termination.settle": (
        "The contract ends in {year} too: nothing is paid after it, and protection and guarantee are settled then.",
        "Kontrakten ophører også i {year}: der betales intet derefter, og beskyttelse og garanti opgøres da.",
    ),
    "memo.cohorts.one": (", all starting in {year},", ", der alle starter i {year},"),
    "memo.cohorts.same_year": (", in {n} cohorts in {year},", " fordelt på {n} hold i {year}"),
    "memo.cohorts.many": (
        ", in {n} cohorts from {first} to {last},",
        " fordelt på {n} hold fra {first} til {last}",
    ),
    "memo.intro": (
        "The programme has {participants} participants{cohorts} and costs {cost} in all.",
        "Indsatsen har {participants} deltagere{cohorts} og koster i alt {cost}.",
    ),
    "memo.savings": (
        "Over the period {period}, it brings the municipality {savings} in cashable savings (its own share)"
        " and the public sector as a whole {public} in savings.",
        "I perioden {period} giver den kommunen kontante besparelser på {savings} (kommunens egen andel)"
        " og den offentlige sektor som helhed besparelser på {public}.",
    ),
    "memo.lead": ("{role}: {mode}.", "{role}: {mode}."),
    "memo.role.proposed": ("Proposed", "Foreslået"),
    "memo.role.alternative": ("Alternative", "Alternativ"),
    "memo.mode.sib": ("social impact bond (SIB)", "social effektinvestering"),
    "memo.mode.self": ("self-financing", "egenfinansiering"),
    "memo.sib.finance": (
        "An investor finances the programme with {capital} in all; if the effect is as assumed,"
        " the municipality pays the investor {payments} in outcome payments.",
        "Investor finansierer indsatsen med i alt {capital}; bliver effekten som antaget,"
        " betaler kommunen investor {payments} i resultatbetalinger.",
    ),
    "memo.self.finance": (
        "The municipality pays the programme cost of {cost} itself, as it falls due.",
        "Kommunen afholder selv indsatsudgiften på {cost} løbende.",
    ),
    "memo.after.sib": ("After the outcome payments", "Efter resultatbetalingerne"),
    "memo.after.sib.tc": (
        "After the outcome payments and {tc} in transaction costs",
        "Efter resultatbetalingerne og {tc} i transaktionsomkostninger",
    ),
    "memo.after.self": ("After the programme cost", "Efter indsatsudgiften"),
    "memo.after.self.tc": (
        "After the programme cost and {tc} in transaction costs",
        "Efter indsatsudgiften og {tc} i transaktionsomkostninger",
    ),
    "memo.net.gain": (
        "{after}, the municipality gains {net} net over the period (net present value {npv}).",
        "{after} har kommunen en nettogevinst på {net} i perioden (nutidsværdi {npv}).",
    ),
    "memo.net.loss": (
        "{after}, the municipality loses {net} net over the period (net present value {npv}).",
        "{after} har kommunen et nettotab på {net} i perioden (nutidsværdi {npv}).",
    ),
    "memo.break_even": (
        "The municipality breaks even in {year}: from that year to the end of the period,"
        " its cumulative net result is zero or positive.",
        "Kommunen når break-even i {year}, dvs. at kommunens akkumulerede nettoresultat"
        " fra det år og resten af perioden er nul eller positivt.",
    ),
    "memo.break_even.again": ("The municipality breaks even in {year}.", "Kommunen når break-even i {year}."),
    "memo.never_negative": (
        "The municipality's cumulative net result is never negative, from the first year ({year}) to the"
        " end of the period.",
        "Kommunens akkumulerede nettoresultat er aldrig negativt, fra første år ({year}) til periodens slutning.",
    ),
    "memo.no_break_even": (
        "The municipality does not break even within the period: its cumulative net result is still"
        " negative in {year}.",
        "Kommunen når ikke break-even i perioden: det akkumulerede nettoresultat er stadig negativt i {year}.",
    ),
    "memo.robust.below": (
        "In present value, the municipality breaks even as long as at least {share} of the assumed effect appears.",
        "Målt på nutidsværdi når kommunen break-even, så længe mindst {share} af den antagne effekt indtræffer.",
    ),
    "memo.robust.above": (
        "For the municipality to break even in present value, the effect must be {share} larger than assumed.",
        "For at kommunen kan nå break-even målt på nutidsværdi, skal effekten være {share} større end antaget.",
    ),
    "memo.robust.zero": (
        "In present value, the municipality does not lose money even if the programme has no effect.",
        "Målt på nutidsværdi taber kommunen ikke penge, selv hvis indsatsen ingen effekt har.",
    ),
    "memo.robust.never": (
        "The municipality does not break even in present value, even with 100 times the assumed effect.",
        "Kommunen når ikke break-even målt på nutidsværdi, heller ikke med 100 gange den antagne effekt.",
    ),
    "memo.investor.gain": (
        "The investor receives {receipts} in all, {multiple} times its capital: a net gain of {amount}"
        " and an internal rate of return (IRR) of {irr} a year.",
        "Investor får i alt {receipts}, dvs. {multiple} gange kapitalen: en nettogevinst på {amount}"
        " og en intern rente (IRR) på {irr} om året.",
    ),
    "memo.investor.loss": (
        "The investor receives {receipts} in all, {multiple} times its capital: a net loss of {amount}"
        " and an internal rate of return (IRR) of {irr} a year.",
        "Investor får i alt {receipts}, dvs. {multiple} gange kapitalen: et nettotab på {amount}"
        " og en intern rente (IRR) på {irr} om året.",
    ),
    "memo.investor.gain.no_irr": (
        "The investor receives {receipts} in all, {multiple} times its capital: a net gain of {amount};"
        " no internal rate of return can be computed.",
        "Investor får i alt {receipts}, dvs. {multiple} gange kapitalen: en nettogevinst på {amount};"
        " der kan ikke beregnes en intern rente.",
    ),
    "memo.investor.loss.no_irr": (
        "The investor receives {receipts} in all, {multiple} times its capital: a net loss of {amount};"
        " no internal rate of return can be computed.",
        "Investor får i alt {receipts}, dvs. {multiple} gange kapitalen: et nettotab på {amount};"
        " der kan ikke beregnes en intern rente.",
    ),
    "memo.investor.guarantee": (
        "Of this, the guarantor pays {amount}, at no cost to the municipality.",
        "Heraf betaler garantistilleren {amount}, uden udgift for kommunen.",
    ),
    "memo.investor.below": (
        "The investor gets its capital back if at least {share} of the assumed effect appears.",
        "Investor får sin kapital tilbage, hvis mindst {share} af den antagne effekt indtræffer.",
    ),
    "memo.investor.above": (
        "The investor gets its capital back only if the effect is {share} larger than assumed.",
        "Investor får kun sin kapital tilbage, hvis effekten er {share} større end antaget.",
    ),
    "memo.investor.zero": (
        "The investor gets its capital back even if the programme has no effect.",
        "Investor får sin kapital tilbage, selv hvis indsatsen ingen effekt har.",
    ),
    "memo.investor.never": (
        "The investor does not get its capital back, even with 100 times the assumed effect.",
        "Investor får ikke sin kapital tilbage, heller ikke med 100 gange den antagne effekt.",
    ),
    "memo.sure.lead": ("How sure is it?", "Hvor sikkert er resultatet?"),
    "memo.sure": (
        "The case gives ranges for {n} of its assumptions. A Monte Carlo simulation of {draws} joint"
        " draws (seed {seed}) gives a {probability} probability that the municipality gains (a municipal NPV"
        " above zero) in the case's own financing mode, {mode}; in 90% of the draws the municipal NPV lies"
        " between {p5} and {p95} (median {p50}).",
        "Sagen angiver et spænd for {n} af forudsætningerne. En Monte Carlo-simulering med {draws} samtidige"
        " trækninger (seed {seed}) giver en sandsynlighed på {probability} for, at kommunen får en gevinst"
        " (positiv nutidsværdi) med sagens egen finansieringsform, {mode}; i 90 % af trækningerne ligger"
        " kommunens nutidsværdi mellem {p5} og {p95} (median {p50}).",
    ),
    "memo.compare.lead": ("SIB or self-financing?", "Social effektinvestering eller egenfinansiering?"),
    "memo.compare.costs": (
        "Under the SIB, the municipality's net result is {diff} lower than under self-financing"
        " ({sib} against {self}). That is what the SIB costs if the effect is as assumed.",
        "Med social effektinvestering bliver kommunens nettoresultat {diff} lavere end ved egenfinansiering"
        " ({sib} mod {self}). Det er prisen for den sociale effektinvestering, hvis effekten bliver som antaget.",
    ),
    "memo.compare.gains": (
        "Under the SIB, the municipality's net result is {diff} higher than under self-financing"
        " ({sib} against {self}).",
        "Med social effektinvestering bliver kommunens nettoresultat {diff} højere end ved egenfinansiering"
        " ({sib} mod {self}).",
    ),
    "memo.compare.same": (
        "The municipality's net result is the same under the SIB and under self-financing ({sib}).",
        "Kommunens nettoresultat er det samme med social effektinvestering og ved egenfinansiering ({sib}).",
    ),
    "memo.risk": (
        "In return, the municipality is protected if the effect fails: with no effect at all, it loses"
        " {sib} under the SIB against {self} under self-financing. The difference, {diff},"
        " is the risk the investor carries.",
        "Til gengæld er kommunen bedre stillet, hvis effekten udebliver: uden nogen effekt taber kommunen"
        " {sib} med social effektinvestering mod {self} ved egenfinansiering. Forskellen på {diff}"
        " er den risiko, investor bærer.",
    ),
    "memo.fund.whole_loss": (
        "For the municipality as a whole, the department and its fund together, the result is self-financing's, {self}: what the fund does not get back, {loss}, the fund writes off.",
        "For kommunen som helhed, forvaltning og fond tilsammen, er resultatet det samme som ved egenfinansiering, {self}: det, fonden ikke får tilbage, {loss}, afskrives i fonden.",
    ),
    "memo.fund.whole_gain": (
        "For the municipality as a whole, the department and its fund together, the result is self-financing's, {self}; the fund's net gain of {gain} is the municipality's too.",
        "For kommunen som helhed, forvaltning og fond tilsammen, er resultatet det samme som ved egenfinansiering, {self}; fondens nettogevinst på {gain} er også kommunens.",
    ),
    "memo.risk.guaranteed": (
        "In return, the municipality is protected if the effect fails: with no effect at all, it loses"
        " {sib} under the SIB against {self} under self-financing. The difference, {diff},"
        " is the risk the investor and the guarantor, {guarantor}, carry between them.",
        "Til gengæld er kommunen bedre stillet, hvis effekten udebliver: uden nogen effekt taber kommunen"
        " {sib} med social effektinvestering mod {self} ved egenfinansiering. Forskellen på {diff}"
        " er den risiko, investor og garanten, {guarantor}, bærer tilsammen.",
    ),
    "memo.robust.no_effect": (
        "The case assumes no effect, so no multiple of the effect changes the municipality's result.",
        "Sagen antager ingen effekt, så intet multiplum af effekten ændrer kommunens resultat.",
    ),
    "memo.investor.no_effect": (
        "The case assumes no effect, so no multiple of the effect changes what the investor gets back.",
        "Sagen antager ingen effekt, så intet multiplum af effekten ændrer, hvad investor får tilbage.",
    ),
    "memo.risk.none": (
        "With no effect at all, the municipality loses {sib} under the SIB and {self} under"
        " self-financing: the SIB does not reduce the municipality's risk.",
        "Uden nogen effekt taber kommunen {sib} med social effektinvestering og {self} ved egenfinansiering:"
        " den sociale effektinvestering mindsker altså ikke kommunens risiko.",
    ),
    "memo.assumptions": ("Key assumptions and their sources", "Centrale forudsætninger og deres kilder"),
    "memo.assumptions.intro": (
        "The figures above rest on the assumptions below. Sources are given where the case file states them.",
        "Tallene ovenfor bygger på forudsætningerne nedenfor. Kilder er angivet, hvor sagsfilen oplyser dem.",
    ),
    "memo.target_group": ("Target group.", "Målgruppe."),
    "memo.group.one": (
        "{participants} participants, all starting in {year}.",
        "{participants} deltagere, der alle starter i {year}.",
    ),
    "memo.group.many": ("{participants} participants: {cohorts}.", "{participants} deltagere: {cohorts}."),
    "memo.group.cohort": ("{participants} in {year}", "{participants} i {year}"),
    "memo.group.cohort_scaled": (
        "{participants} in {year} ({scale} of the stated effect)",
        "{participants} i {year} ({scale} af den angivne effekt)",
    ),
    "memo.cost": (
        "Programme cost: {per} per participant, {spread}{fixed}.",
        "Indsatsudgift: {per} pr. deltager, {spread}{fixed}.",
    ),
    "memo.spread.one": ("all in the year of intake", "alt i startåret"),
    "memo.spread.many": ("spread over {n} years ({shares})", "fordelt over {n} år ({shares})"),
    "memo.fixed": (", plus fixed costs of {amounts}", " samt faste udgifter på {amounts}"),
    "memo.amount_in": ("{amount} in {year}", "{amount} i {year}"),
    "memo.amounts.even": (
        "{amount} a year in {period}, {total} in all",
        "{amount} om året i {period}, i alt {total}",
    ),
    "memo.amounts.list": ("{total} in all ({amounts})", "i alt {total} ({amounts})"),
    "memo.outcomes": ("Outcomes.", "Effektmål."),
    "memo.points": ("{value} percentage points", "{value} procentpoint"),
    "memo.per.participant": ("per participant", "pr. deltager"),
    "memo.per.family": ("per family", "pr. familie"),
    "memo.per.household": ("per household", "pr. husstand"),
    "memo.levels": (
        "{name} ({unit}): {baseline} without the programme, {with_programme} with it{lower},"
        " an improvement of {delta}.",
        "{name} ({unit}): {baseline} uden indsatsen, {with_programme} med den{lower},"
        " dvs. en forbedring på {delta}.",
    ),
    "memo.lower": (" (lower is better)", " (lavere er bedre)"),
    "memo.gross": (
        "{name} ({unit}): a gross effect of {effect}, of which {deadweight} would have happened anyway"
        " (deadweight), an improvement of {delta}.",
        "{name} ({unit}): en bruttoeffekt på {effect}, hvoraf {deadweight} ville være sket alligevel"
        " (dødvægt), dvs. en forbedring på {delta}.",
    ),
    "memo.gross.no_deadweight": (
        "{name} ({unit}): an improvement of {delta}, with no deadweight.",
        "{name} ({unit}): en forbedring på {delta} uden dødvægt.",
    ),
    "memo.attribution.part": (
        "{share} of the change is attributed to the programme.",
        "{share} af forandringen tilskrives indsatsen.",
    ),
    "memo.attribution.all": (
        "All of the change is attributed to the programme.",
        "Hele forandringen tilskrives indsatsen.",
    ),
    "memo.bias": ("{share} is taken off for optimism bias.", "Der korrigeres med {share} for overoptimisme."),
    "memo.overrides": (
        "Stated for some cohorts or years (in place of the levels above): {items}.",
        "Angivet for enkelte hold eller år (i stedet for niveauerne ovenfor): {items}.",
    ),
    "memo.override.year": ("year {year} after intake", "år {year} efter optag"),
    "memo.override.baseline": ("{value} without the programme", "{value} uden indsatsen"),
    "memo.override.with_programme": ("{value} with it", "{value} med den"),
    "memo.override.effect": ("an effect of {value}", "en effekt på {value}"),
    "memo.bias.none": ("No correction for optimism bias.", "Der korrigeres ikke for overoptimisme."),
    "memo.net_improvement": (
        "Net improvement: {delta} in a year of full effect.",
        "Nettoforbedring: {delta} i et år med fuld effekt.",
    ),
    "memo.net_improvement.target": (
        "Net improvement: {delta} in a year of full effect; the contract's target is {target}.",
        "Nettoforbedring: {delta} i et år med fuld effekt; kontraktens mål er {target}.",
    ),
    "memo.profile": (
        "Effect by year since the start: {shares} of the full effect.",
        "Effekten år for år fra start: {shares} af den fulde effekt.",
    ),
    "memo.units": (
        "In all, {units} units ({unit}) attributable to the programme over the period.",
        "I alt {units} {unit}, der kan tilskrives indsatsen, i perioden.",
    ),
    "memo.saving": (
        "{name}: {amount} per unit; {shares}; cashable share {cashable}{lag}. Source: {source}.",
        "{name}: {amount} pr. enhed; {shares}; budgetmæssigt realiserbar andel {cashable}{lag}. Kilde: {source}.",
    ),
    "memo.default_unit": ("person-year", "personår"),
    "memo.saving.lag": (", realised {lag}", ", realiseres {lag}"),
    "memo.share_to": ("{share} to {holder}", "{share} til {holder}"),
    "memo.all_to": ("all to {holder}", "det hele til {holder}"),
    "memo.co_payer": (
        "{name} pays {share} of every outcome payment{most}; the municipality pays the rest.",
        "{name} betaler {share} af hver resultatbetaling{most}; kommunen betaler resten.",
    ),
    "memo.co_payer.max": (", at most {amount} in all", ", højst {amount} i alt"),
    "memo.grant": (
        "Grant from {name} ({payer}), not repaid: {amounts} ({under}).",
        "Tilskud fra {name} ({payer}), som ikke betales tilbage: {amounts} ({under}).",
    ),
    "memo.holder.municipality": ("the municipality", "kommunen"),
    "memo.holder.region": ("the region", "regionen"),
    "memo.holder.state": ("the state", "staten"),
    "memo.holder.other": ("others", "andre"),
    "memo.holder.investor": ("the investor (as part of its capital)", "investor (som del af kapitalen)"),
    "memo.no_source": ("not stated", "ikke angivet"),
    "memo.transaction_costs": ("Transaction costs.", "Transaktionsomkostninger."),
    "memo.transaction_cost": (
        "{category}: {amounts}, paid by {payer}, {under}. Source: {source}.",
        "{category}: {amounts}, betales af {payer}, {under}. Kilde: {source}.",
    ),
    "memo.under.both": ("under both models", "i begge modeller"),
    "memo.under.sib": ("only under the SIB", "kun ved social effektinvestering"),
    "memo.under.self": ("only under self-financing", "kun ved egenfinansiering"),
    "memo.no_transaction_costs": ("No transaction costs stated.", "Ingen transaktionsomkostninger angivet."),
    "memo.payment_rules": ("Payment rules under the SIB.", "Betalingsregler ved social effektinvestering."),
    "memo.capital.as_needed": (
        "Capital: the investor pays the costs as they fall due.",
        "Kapital: investor betaler udgifterne, efterhånden som de afholdes.",
    ),
    "memo.capital.upfront": (
        "Capital: the investor puts in all of it up front, in {year}.",
        "Kapital: investor indskyder hele kapitalen på forhånd i {year}.",
    ),
    "memo.lag.0": ("in the same year", "samme år"),
    "memo.lag.1": ("the year after", "året efter"),
    "memo.lag.n": ("{n} years later", "{n} år senere"),
    "memo.rule.named": ("{kind} ({name})", "{kind} ({name})"),
    "memo.rule.rate_card": ("Rate card", "Pris pr. enhed"),
    "memo.rule.savings_share": ("Share of savings", "Andel af besparelser"),
    "memo.rule.fixed": ("Fixed amounts on success", "Faste beløb ved succes"),
    "memo.rule.tiers": ("Tiers", "Trappemodel"),
    "memo.rate_card": (
        "{title}: {price} per attributable unit of {outcome}, paid {lag}.",
        "{title}: {price} pr. enhed af {outcome}, der kan tilskrives indsatsen, betales {lag}.",
    ),
    "memo.savings_share": (
        "{title}: {share} of the municipality's measured cashable savings{of}, paid {lag}{waterfall}.",
        "{title}: {share} af kommunens målte kontante besparelser{of}, betales {lag}{waterfall}.",
    ),
    "memo.savings_share.holders": (
        "{title}: {share} of the measured savings of {holders}{of}, paid {lag}{waterfall}.",
        "{title}: {share} af de målte besparelser hos {holders}{of}, betales {lag}{waterfall}.",
    ),
    "memo.savings_share.of": (" on {outcomes}", " på {outcomes}"),
    "memo.rule.return_bands": ("Return by band of results", "Afkast efter resultatbånd"),
    "memo.bands": (
        "{title} on {outcome}: the investor is paid interest a year on its capital outstanding at the rate of "
        "the highest band the pooled result reaches ({bands}){minimum}, and in {year} {principal} of its "
        "capital back ({below} if no band is reached).",
        "{title} for {outcome}: investor får hvert år renter af sin udestående kapital med satsen for det højeste "
        "bånd, det samlede resultat når ({bands}){minimum}, og i {year} {principal} af kapitalen tilbage "
        "({below}, hvis intet bånd nås).",
    ),
    "memo.band": ("{rate} a year from {threshold}", "{rate} om året fra {threshold}"),
    "memo.bands.minimum": (
        "; at least {rate} a year in the first {years} years",
        "; mindst {rate} om året de første {years} år",
    ),
    "memo.interest_a_year": ("interest of {rate} a year", "renter på {rate} om året"),
    "memo.waterfall": (
        "; once the investor has received its capital plus {hurdle}, the share falls to {then}",
        "; når investor har fået sin kapital plus {hurdle}, falder andelen til {then}",
    ),
    "memo.fixed_rule": (
        "{title}: {amounts}, due only if {conditions}.",
        "{title}: {amounts}, som kun betales, hvis {conditions}.",
    ),
    "memo.tiers": (
        "{title} on {outcome}: {steps}{paid}; the highest step reached applies ({judged}).",
        "{title} for {outcome}: {steps}{paid}; det højeste trin, der nås, gælder ({judged}).",
    ),
    "memo.tier.amount": ("{amount} from {threshold}", "{amount} fra {threshold}"),
    "memo.tier.price": (
        "{price} per attributable unit from {threshold}",
        "{price} pr. enhed, der kan tilskrives indsatsen, fra {threshold}",
    ),
    "memo.threshold.share_of_target": ("{value} of the target", "{value} af målet"),
    "memo.threshold.change.higher": (
        "an improvement of {value} on the baseline",
        "en forbedring på {value} i forhold til basisniveauet",
    ),
    "memo.threshold.change.lower": (
        "a reduction of {value} against the baseline",
        "en reduktion på {value} i forhold til basisniveauet",
    ),
    "memo.threshold.level.higher": ("a level of at least {value}", "et niveau på mindst {value}"),
    "memo.threshold.level.lower": ("a level of at most {value}", "et niveau på højst {value}"),
    "memo.tiers.paid_in": (", paid in {year}", ", betales i {year}"),
    "memo.tiers.paid_lag": (", paid {lag}", ", betales {lag}"),
    "memo.judged.pooled": ("judged for all cohorts together", "vurderet for alle hold samlet"),
    "memo.judged.per_cohort": ("judged cohort by cohort", "vurderet hold for hold"),
    "memo.success": (" Paid only if {conditions}.", " Betales kun, hvis {conditions}."),
    "memo.condition.pooled": (
        "the effect on {outcome} reaches {threshold} for all cohorts together",
        "effekten på {outcome} når {threshold} for alle hold samlet",
    ),
    "memo.condition.per_cohort": (
        "the effect on {outcome} reaches {threshold} in a cohort (only the cohorts that reach it are paid)",
        "effekten på {outcome} når {threshold} på et hold (kun de hold, der når det, udløser betaling)",
    ),
    "memo.condition.pooled.own": (
        "the effect reaches {threshold} for all cohorts together",
        "effekten når {threshold} for alle hold samlet",
    ),
    "memo.condition.per_cohort.own": (
        "the effect reaches {threshold} in a cohort (only the cohorts that reach it are paid)",
        "effekten når {threshold} på et hold (kun de hold, der når det, udløser betaling)",
    ),
    "memo.cap": (" Capped at {caps}.", " Loft: {caps}."),
    "memo.cap.total": ("at most {amount} in all", "højst {amount} i alt"),
    "memo.cap.multiple": ("at most {multiple} times the capital", "højst {multiple} gange kapitalen"),
    "memo.cap.annual_return": (
        "at most a {rate} annual return for the investor",
        "højst et årligt afkast til investor på {rate}",
    ),
    "memo.cap.per_year": ("at most {amount} a year", "højst {amount} om året"),
    "memo.cap.lowest": (" (whichever is lowest)", " (det laveste gælder)"),
    "memo.common_cap": (
        "All payments together are capped at {caps}.",
        "Samlet loft over alle betalinger: {caps}.",
    ),
    "memo.protection": (
        "Capital protection: whatever the outcome, the municipality repays at least {share} of the capital,"
        " settled in {year} (counted as an outcome payment).",
        "Kapitalbeskyttelse: uanset resultatet tilbagebetaler kommunen mindst {share} af kapitalen,"
        " opgjort i {year} (regnes som resultatbetaling).",
    ),
    "memo.protection.principal": (
        "Capital protection of principal: whatever the outcome, the investor gets back at least {share} of its"
        " capital, settled in {year}; interest it was paid does not count towards it (counted as an outcome"
        " payment).",
        "Beskyttelse af hovedstolen: uanset resultatet får investor mindst {share} af kapitalen tilbage,"
        " opgjort i {year}; renter, den har fået, tæller ikke med (regnes som resultatbetaling).",
    ),
    "memo.protection.none": (
        "No capital protection: the municipality pays only what the payment rules give.",
        "Ingen kapitalbeskyttelse: kommunen betaler kun det, betalingsreglerne udløser.",
    ),
    "memo.guarantee": (
        "Guarantee: {guarantor} covers {share} of the investor's remaining loss{max}, settled in {year};"
        " it costs the municipality nothing.",
        "Garanti: {guarantor} dækker {share} af investors resterende tab{max}, opgjort i {year};"
        " det koster ikke kommunen noget.",
    ),
    "memo.guarantee.max": (", at most {amount}", ", dog højst {amount}"),
    "memo.guarantor": ("a third party", "en tredjepart"),
    # uncertainty charts (added by the charts helper)
    "uncertainty_npv_axis": ("Municipal NPV ({currency})", "Kommunens nutidsværdi ({currency})"),
    "tornado_low": ("low {value}", "lav {value}"),
    "tornado_high": ("high {value}", "høj {value}"),
    "tornado_legend_low": ("Input at its low value", "Forudsætning i lav ende"),
    "tornado_legend_high": ("Input at its high value", "Forudsætning i høj ende"),
    "tornado_base": ("Base case: {value}", "Basisberegning: {value}"),
    "tornado_no_inputs": (
        "No uncertain inputs: the case gives no input as a distribution.",
        "Ingen usikre forudsætninger: sagen angiver ingen forudsætning som en fordeling.",
    ),
    "histogram_title": (
        "Municipal NPV in {draws} simulated draws",
        "Kommunens nutidsværdi i {draws} simulerede trækninger",
    ),
    "portfolio.index_gap": (
        "the price index {index} has no value for {years} (it covers {covered}); name an index that does with --index",
        "prisindekset {index} har ingen værdi for {years} (det dækker {covered}); angiv et indeks, der gør, med --index",
    ),
    "portfolio.no_index": (
        "no price index '{name}': give a preset ({presets}) or a YAML file with currency and values",
        "intet prisindeks '{name}': angiv et af de indbyggede ({presets}) eller en YAML-fil med currency og values",
    ),
    "portfolio.bad_index": (
        "{file}: not a price index ({problem}); it needs currency and values: {{year: value}}, every value above 0",
        "{file}: ikke et prisindeks ({problem}); det skal have currency og values: {{år: værdi}}, alle værdier over 0",
    ),
    "portfolio.no_rate": (
        "{file} is in {currency}, the portfolio in {to}: give the rate with --rate {currency}=X ({to} for one {currency}); amounts are never converted without a stated rate",
        "{file} er i {currency}, porteføljen i {to}: angiv kursen med --rate {currency}=X ({to} for én {currency}); beløb omregnes aldrig uden en angivet kurs",
    ),
    "portfolio.no_index_for": (
        "{file} is in {year} prices ({currency}), the portfolio in {to} prices: no price index for {currency}; name one with --index",
        "{file} er i {year}-priser ({currency}), porteføljen i {to}-priser: intet prisindeks for {currency}; angiv et med --index",
    ),
    "portfolio.unused_rate": (
        "a rate is given for {currencies}, which no case uses",
        "der er angivet en kurs for {currencies}, som ingen sag bruger",
    ),
    "portfolio.empty": (
        "no case to add up: every file failed",
        "ingen sager at lægge sammen: alle filer fejlede",
    ),
    "pf.title": ("Portfolio", "Portefølje"),
    "pf.key_figures": ("Key figures", "Nøgletal"),
    "pf.figure": ("Figure", "Nøgletal"),
    "pf.value": ("Value", "Værdi"),
    "pf.year": ("Year", "År"),
    "pf.by_year": ("Capital and repayments by year", "Kapital og tilbagebetalinger år for år"),
    "pf.committed": ("Committed", "Tilsagn"),
    "pf.drawn": ("Capital drawn", "Kapital udbetalt"),
    "pf.received": ("Received back", "Modtaget retur"),
    "pf.net": ("Net", "Netto"),
    "pf.outstanding": ("Outstanding", "Udestående"),
    "pf.written_off": ("Written off", "Afskrevet"),
    "pf.municipal_net": ("Municipal net", "Kommunernes netto"),
    "pf.deals": ("Deals", "Sager"),
    "pf.capital_committed": ("Capital committed", "Kapitaltilsagn"),
    "pf.capital_drawn": ("Capital drawn", "Kapital udbetalt"),
    "pf.total_received": ("Received back in all", "Modtaget retur i alt"),
    "pf.multiple": ("Fund's multiple", "Fondens tilbagebetaling"),
    "pf.irr": ("Fund's IRR (real)", "Fondens interne rente (real)"),
    "pf.peak": ("Peak capital outstanding", "Højeste udestående kapital"),
    "pf.peak_year": ("Year of the peak", "År for det højeste udestående"),
    "pf.written_off_total": ("Written off in all", "Afskrevet i alt"),
    "pf.municipal_net_gain": ("Municipalities' net gain", "Kommunernes nettogevinst"),
    "pf.municipal_npv": (
        "Municipalities' NPV in {year} ({rate} a year)",
        "Kommunernes nutidsværdi i {year} ({rate} om året)",
    ),
    "pf.basis": (
        "All amounts in {currency}, {price_year} prices; present values in {base_year}.",
        "Alle beløb i {currency}, {price_year}-priser; nutidsværdier i {base_year}.",
    ),
    "pf.rates": ("Converted at the rates stated: {rates}.", "Omregnet til de angivne kurser: {rates}."),
    "pf.index": (
        "{currency} amounts repriced to the price year with {index} (its source: --format json).",
        "Beløb i {currency} omregnet til prisåret med {index} (kilde: --format json).",
    ),
    "pf.col.deals": ("Deals", "Sager"),
    "pf.col.committed": ("Committed", "Tilsagn"),
    "pf.col.drawn": ("Drawn", "Udbetalt"),
    "pf.col.received": ("Received", "Modtaget"),
    "pf.col.multiple": ("Multiple", "Tilbagebetaling"),
    "pf.col.irr": ("IRR", "Intern rente"),
    "pf.col.municipal_net_gain": ("Municipal net", "Kommunernes netto"),
    "pf.group.municipality": ("Municipality", "Kommune"),
    "pf.group.investor": ("Investor", "Investor"),
    "pf.group.policy_area": ("Policy area", "Politikområde"),
    "pf.group.start_year": ("Start year", "Startår"),
    "pf.by.municipality": ("By municipality", "Efter kommune"),
    "pf.by.investor": ("By investor", "Efter investor"),
    "pf.by.policy_area": ("By policy area", "Efter politikområde"),
    "pf.by.start_year": ("By start year", "Efter startår"),
    "pf.errors": ("Cases left out", "Sager udeladt"),
    "pf.sheet.figures": ("Key figures", "Nøgletal"),
    "pf.sheet.years": ("By year", "År for år"),
    "pf.sheet.deals": ("Deals", "Sager"),
    "pf.deal.name": ("Case", "Sag"),
    "pf.deal.municipality": ("Municipality", "Kommune"),
    "pf.deal.file": ("File", "Fil"),
    "pf.deal.currency": ("Currency", "Valuta"),
    "pf.deal.price_year": ("Price year", "Prisår"),
    "pf.deal.start_year": ("Start year", "Startår"),
    "pf.deal.financing": ("Financing", "Finansiering"),
    "pf.deal.factor": ("Factor to the basis", "Omregningsfaktor"),
    "pf.deal.capital_committed": ("Capital committed", "Kapitaltilsagn"),
    "pf.deal.capital_drawn": ("Capital drawn", "Kapital udbetalt"),
    "pf.deal.received": ("Received back", "Modtaget retur"),
    "pf.deal.municipal_net_gain": ("Municipal net gain", "Kommunens nettogevinst"),
    "pf.chart_title": (
        "Capital outstanding, drawn and received back",
        "Udestående kapital, udbetalt og modtaget retur",
    ),
    "msg.bad_share": (
        "{option} takes a rate such as 0.035 or 3.5%, got '{given}'",
        "{option} skal have en sats som 0,035 eller 3,5 %, fik '{given}'",
    ),
    "portfolio.draws": (
        "a simulation takes 1 to {most} draws, got {got}",
        "en simulering tager 1 til {most} trækninger, fik {got}",
    ),
    "portfolio.shared": (
        "--shared-effect takes a sigma from 0 to 2, got {got}",
        "--shared-effect skal have en sigma fra 0 til 2, fik {got}",
    ),
    "pf.sim.heading": ("How sure is it?", "Hvor sikkert er det?"),
    "pf.sim.title": (
        "Monte Carlo: {draws} draws (seed {seed}), {how}.",
        "Monte Carlo: {draws} trækninger (startværdi (seed) {seed}), {how}.",
    ),
    "pf.sim.independent": ("the deals independent of each other", "sagerne uafhængige af hinanden"),
    "pf.sim.shared": (
        "every deal's effects also scaled by one shared factor (lognormal, sigma {sigma})",
        "alle sagers effekter desuden ganget med en fælles faktor (lognormal, sigma {sigma})",
    ),
    "pf.sim.recovers": (
        "Probability that the fund gets its capital back: {share}.",
        "Sandsynlighed for, at fonden får sin kapital tilbage: {share}.",
    ),
    "pf.sim.multiple": (
        "The fund's multiple, 90% range: {low} to {high} (median {mid}).",
        "Fondens tilbagebetaling, 90 %-interval: {low} til {high} (median {mid}).",
    ),
    "pf.sim.irr": (
        "The fund's IRR, 90% range: {low} to {high} (median {mid}).",
        "Fondens interne rente, 90 %-interval: {low} til {high} (median {mid}).",
    ),
    "pf.sim.municipal": (
        "The municipalities' net gain ({unit}), 90% range: {low} to {high} (median {mid}).",
        "Kommunernes nettogevinst ({unit}), 90 %-interval: {low} til {high} (median {mid}).",
    ),
    "pf.fund.heading": ("The fund's balance", "Fondens saldo"),
    "pf.fund.capital": (
        "The fund's capital: {capital} {unit}; its balance at each year's end is in the table (what it has lent subtracted, what has come back added).",
        "Fondens kapital: {capital} {unit}; saldoen ved hvert års udgang står i tabellen (det udlånte trukket fra, det tilbagebetalte lagt til).",
    ),
    "pf.fund_balance": ("Fund balance", "Fondens saldo"),
    "pf.fund.lowest": (
        "Its lowest balance: {amount} {unit} in {year}.",
        "Laveste saldo: {amount} {unit} i {year}.",
    ),
    "pf.fund.short": (
        "The fund runs short from {year}: it needs {amount} {unit} more to lend what the deals draw.",
        "Fonden mangler penge fra {year}: den skal bruge {amount} {unit} mere for at kunne udlåne det, sagerne trækker.",
    ),
    "pf.sim.nothing_lent": (
        "No draw lends any capital: there is nothing to get back.",
        "Ingen trækning udlåner kapital: der er intet at få tilbage.",
    ),
    "portfolio.own_rate": (
        "a rate is given for {currency}, the portfolio's own currency; leave it out",
        "der er angivet en kurs for {currency}, porteføljens egen valuta; udelad den",
    ),
    "usage.options": ("[OPTIONS]", "[TILVALG]"),
    "usage.command": ("COMMAND [ARGS]...", "KOMMANDO [ARGUMENTER]..."),
    "histogram_count_axis": ("Number of draws", "Antal trækninger"),
    "histogram_gain": ("P(NPV > 0) = {share}", "Sandsynlighed for gevinst: {share}"),
    "histogram_collapsed": (
        "All draws equal: no input varies",
        "Alle trækninger ens: ingen forudsætning varierer",
    ),
    # compare: who, where, in which currency, and what a rate converts (issue 13)
    "compare.municipality": ("Municipality", "Kommune"),
    "compare.currency": ("Currency", "Valuta"),
    "compare.start_year": ("Start year", "Startår"),
    "compare.capital": ("Capital", "Kapital"),
    "compare.converted_to": ("Converted to", "Omregnet til"),
    "compare.rate": ("Rate", "Kurs"),
    "compare.head.financing": ("Finan-\ncing", "Finan-\nsiering"),
    "compare.head.currency": ("Cur-\nrency", "Valuta"),
    "compare.head.start_year": ("Start", "Start"),
    "compare.unit": ("Amounts in {unit}.", "Beløb i {unit}."),
    "compare.unit_each": ("Amounts in each case's currency.", "Beløb i sagens valuta."),
    "compare.mixed": (
        "The cases are in {found}: amounts in different currencies cannot be compared (convert them with"
        " --rate, e.g. {example}).",
        "Sagerne er i {found}: beløb i forskellige valutaer kan ikke sammenlignes (omregn dem med --rate,"
        " fx {example}).",
    ),
    "compare.converted": (
        "Amounts in {unit}, converted at {rates}.",
        "Beløb i {unit}, omregnet med {rates}.",
    ),
    "compare.own_currency": ("Currency: each case's own.", "Valuta: sagens egen."),
    "compare.own_years": (
        "Each case's amounts are in its own prices (price years {prices}) and its NPV is discounted"
        " to its own start year ({starts}): sib-case portfolio puts cases on one price year and base year.",
        "Hver sags beløb er i dens egne priser (prisår {prices}), og dens nutidsværdi er"
        " tilbagediskonteret til dens eget startår ({starts}): sib-case portfolio sætter sagerne på ét"
        " prisår og basisår.",
    ),
    "compare.capital_note": (
        "Capital: the investor's; for a self-financed case, the capital its SIB would need.",
        "Kapital: investorens; for en egenfinansieret sag den kapital, som en social effektinvestering"
        " ville kræve.",
    ),
    "compare.sorted": ("Sorted by {metric}, largest first.", "Sorteret efter {metric}, største først."),
    "msg.mixed_sort": (
        "cannot sort by '{name}': the cases are in {found}, and amounts in different currencies cannot be"
        " ranked; convert them to one currency with a rate for each",
        "kan ikke sortere efter '{name}': sagerne er i {found}, og beløb i forskellige valutaer kan ikke"
        " rangordnes; omregn dem til én valuta med en kurs for hver",
    ),
    "msg.rate_form": (
        "'{given}': a rate is written CUR=X, X a positive number: GBP=8.7 means 1 GBP = 8.7 of the common"
        " currency",
        "'{given}': en kurs skrives VALUTA=X, X et positivt tal: GBP=8,7 betyder 1 GBP = 8,7 i den fælles"
        " valuta",
    ),
    "msg.rate_twice": ("two rates for {currency}: give one", "to kurser for {currency}: angiv én"),
    "msg.currency_code": (
        "'{given}': a currency is a three-letter code, such as DKK",
        "'{given}': en valuta er en kode på tre bogstaver, fx DKK",
    ),
    "msg.rate_unused": (
        "a rate for {currencies}, which no case uses (the cases are in {found})",
        "en kurs for {currencies}, som ingen sag bruger (sagerne er i {found})",
    ),
    "msg.rate_for_common": (
        "{currency} is the common currency: it takes no rate",
        "{currency} er den fælles valuta: den skal ikke have en kurs",
    ),
    "msg.rate_missing": (
        "no rate for {missing}: to convert every case to {currency}, each other currency needs a rate"
        " (the cases are in {found})",
        "ingen kurs for {missing}: for at omregne alle sager til {currency} skal hver anden valuta have en"
        " kurs (sagerne er i {found})",
    ),
    "msg.rate_hint": (
        "give {example} (1 {first} = X {currency}), or --currency for another common currency",
        "angiv {example} (1 {first} = X {currency}), eller --currency for en anden fælles valuta",
    ),
    # INDIGO both ways (sib_case/indigo.py) and what a deal leaves to fill in (sib_case/deal.py)
    "deal.date": (
        "a date as YYYY, YYYY-MM or YYYY-MM-DD (2021-11), got '{got}'",
        "en dato som ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD (2021-11), fik '{got}'",
    ),
    "deal.to_fill": ("to fill in: {what}", "skal udfyldes: {what}"),
    "deal.no_place": (
        "names no place in the case ({path}); give a path such as outcomes[0].effect, or remove the entry",
        "peger ikke på noget sted i sagen ({path}); angiv en sti som outcomes[0].effect, eller fjern linjen",
    ),
    "deal.commitment_differs": (
        "the deal's investment commitment is {stated}, but the investors commit {committed} in all",
        "aftalens investeringstilsagn er {stated}, men investorerne giver tilsagn om {committed} i alt",
    ),
    "indigo.no_file": ("no such file", "ingen sådan fil"),
    "indigo.cannot_read": ("cannot read: {why}", "kan ikke læses: {why}"),
    "indigo.folder": ("is a folder, not an INDIGO record", "er en mappe, ikke en INDIGO-post"),
    "indigo.not_regular": (
        "is not a regular file (a device, a pipe or a socket); give an INDIGO record (JSON)",
        "er ikke en almindelig fil (en enhed, et rør eller en sokkel); angiv en INDIGO-post (JSON)",
    ),
    "indigo.too_big": (
        "is larger than {mb} MB; an INDIGO project record is a short JSON file",
        "er større end {mb} MB; en INDIGO-projektpost er en kort JSON-fil",
    ),
    "indigo.binary": (
        "is a binary file, not an INDIGO record (JSON)",
        "er en binær fil, ikke en INDIGO-post (JSON)",
    ),
    "indigo.not_utf8": (
        "is not UTF-8 text; an INDIGO record is UTF-8 JSON",
        "er ikke UTF-8-tekst; en INDIGO-post er UTF-8-JSON",
    ),
    "indigo.empty": (
        "is empty; an INDIGO record is a JSON object",
        "er tom; en INDIGO-post er et JSON-objekt",
    ),
    "indigo.not_json": (
        "is not JSON: {problem} (column {column})",
        "er ikke JSON: {problem} (kolonne {column})",
    ),
    "indigo.no_nan": ("NaN and Infinity are not JSON numbers", "NaN og Infinity er ikke JSON-tal"),
    "indigo.duplicate_key": (
        "the key '{key}' stands twice in one object; give it once",
        "nøglen '{key}' står to gange i samme objekt; angiv den én gang",
    ),
    "indigo.too_deep": (
        "is nested too deeply to be an INDIGO record",
        "er for dybt indlejret til at være en INDIGO-post",
    ),
    "indigo.not_record": (
        'is not an INDIGO project record: expected a JSON object {{"project": {{"id": ..., "data": {{...}}}}}},'
        " as INDIGO's API gives a project, or the project's data alone (with its name)",
        'er ikke en INDIGO-projektpost: forventede et JSON-objekt {{"project": {{"id": ..., "data": {{...}}}}}},'
        " som INDIGO's API giver et projekt, eller projektets data alene (med navn)",
    ),
    "indigo.expected": (
        "{where}: expected {expected}, got {got}",
        "{where}: forventede {expected}, fik {got}",
    ),
    "indigo.a_text": ("text", "tekst"),
    "indigo.a_number": ("a number", "et tal"),
    "indigo.a_date": ("a date as YYYY, YYYY-MM or YYYY-MM-DD", "en dato som ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD"),
    "indigo.an_object": ("an object", "et objekt"),
    "indigo.a_list": ("a list", "en liste"),
    "indigo.a_currency": (
        "a currency code of three capital letters (ISO 4217, such as DKK)",
        "en valutakode på tre store bogstaver (ISO 4217, fx DKK)",
    ),
    "indigo.got_object": ("an object", "et objekt"),
    "indigo.got_list": ("a list", "en liste"),
    "indigo.got_null": ("null", "null"),
    "indigo.got_bool": ("true or false", "true eller false"),
    "indigo.got_number": ("the number {value}", "tallet {value}"),
    "indigo.no_name": (
        "the project has neither a name (name.value) nor an id; a case needs a name",
        "projektet har hverken navn (name.value) eller id; en sag skal have et navn",
    ),
    "indigo.no_case": (
        "its values make no case file that loads; these do not fit:",
        "dens værdier giver ikke en sagsfil, der kan indlæses; disse passer ikke:",
    ),
    "indigo.banner": (
        "Case skeleton from INDIGO record {id} (sib-case import-indigo). The record's facts are in"
        " their places, the deal's under deal:. Every figure the record lacks is a placeholder,"
        " marked below and listed under deal.to_fill_in; `sib-case validate` names each one still"
        " to fill in.",
        "Sagsskelet fra INDIGO-posten {id} (sib-case import-indigo). Postens oplysninger står på"
        " deres pladser, aftalens under deal:. Hvert tal, posten ikke har, er en pladsholder,"
        " markeret nedenfor og opført under deal.to_fill_in; `sib-case validate` nævner hver, der"
        " endnu skal udfyldes.",
    ),
    "indigo.this_record": ("(no id)", "(uden id)"),
    "indigo.placeholder": (
        "Placeholder: not in the record; fill it in (deal.to_fill_in says what belongs here).",
        "Pladsholder: står ikke i posten; udfyld den (deal.to_fill_in siger, hvad der hører til her).",
    ),
    "indigo.unit": ("outcome achieved", "opnået resultat"),
    "indigo.saving_name": ("saving per unit", "besparelse pr. enhed"),
    "indigo.outcome": ("outcome {n}", "resultat {n}"),
    "indigo.payer": ("outcome payer {n}", "resultatbetaler {n}"),
    "indigo.end.completion": ("anticipated completion", "forventede afslutning"),
    "indigo.end.service": ("end of service", "afslutning af indsatsen"),
    "indigo.end.duration": ("duration of service", "indsatsens varighed"),
    "indigo.comment.municipality": (
        "The outcome payer: the first of the record's outcome payment commitments.",
        "Resultatbetaleren: den første af postens forpligtelser til resultatbetaling.",
    ),
    "indigo.comment.horizon": (
        "To {year}, the record's {what}; extend it to count savings after the contract.",
        "Til {year}, postens {what}; forlæng den for at medregne besparelser efter kontrakten.",
    ),
    "indigo.comment.cohorts": (
        "Placeholder: the record gives the participants in all, not by year of intake; all enter"
        " in the start year here. Split them into cohorts by year of intake.",
        "Pladsholder: posten giver deltagerne i alt, ikke fordelt på optagelsesår; her starter alle"
        " i startåret. Del dem i hold efter optagelsesår.",
    ),
    "indigo.comment.effect": (
        "Placeholder: the record gives the outcome, not the programme's effect on it. State the"
        " effect (or baseline and with_programme) and the profile by years since intake.",
        "Pladsholder: posten giver resultatet, ikke indsatsens effekt på det. Angiv effekten (eller"
        " baseline og with_programme) og profilen efter år siden optagelse.",
    ),
    "indigo.comment.savings": (
        "Placeholder: the record gives no savings. State what a unit of the outcome saves, and whom.",
        "Pladsholder: posten giver ingen besparelser. Angiv, hvad en enhed af resultatet sparer, og hvem.",
    ),
    "indigo.comment.payments": (
        "From the record's outcome pricings: a price per unit of each priced metric.",
        "Fra postens prissætning af resultater: en pris pr. enhed for hvert prissat mål.",
    ),
    "indigo.comment.no_payments": (
        "Placeholder: the record gives no outcome pricing with a price. Write the payment rules.",
        "Pladsholder: posten giver ingen prissætning af resultater med en pris. Skriv betalingsreglerne.",
    ),
    "indigo.comment.cap": (
        "The record's maximum potential outcome payment.",
        "Postens højeste mulige resultatbetaling.",
    ),
    "indigo.comment.investors": (
        "Placeholder: the record does not give each investor's commitment. List the investors"
        " (financing.investors) with their amounts.",
        "Pladsholder: posten giver ikke hver investors tilsagn. Opfør investorerne"
        " (financing.investors) med deres beløb.",
    ),
    "indigo.comment.deal": (
        "The deal as the record has it: identifiers, dates, organisations and their roles, sources."
        " None of it changes a figure; export-indigo gives it back.",
        "Aftalen som posten har den: id'er, datoer, organisationer og deres roller, kilder. Intet af"
        " det ændrer et tal; export-indigo giver det tilbage.",
    ),
    "indigo.comment.to_fill_in": (
        "What is left to fill in: each place and the placeholder written there. `sib-case validate`"
        " names those still in place.",
        "Hvad der mangler at blive udfyldt: hvert sted og pladsholderen, der står der. `sib-case"
        " validate` nævner dem, der stadig står.",
    ),
    "indigo.fill.currency": (
        "the currency: the record gives none; DKK here",
        "valutaen: posten giver ingen; DKK her",
    ),
    "indigo.fill.start_year": (
        "the start year: the record gives no date; {year} here",
        "startåret: posten giver ingen dato; {year} her",
    ),
    "indigo.fill.horizon": (
        "the years the case runs: the record gives no end date; {years} here",
        "antal år, sagen løber: posten giver ingen slutdato; {years} her",
    ),
    "indigo.fill.cohorts": (
        "the intake by year: the record gives {n} participants in all, not by year of intake; all enter in {year} here",
        "optaget pr. år: posten giver {n} deltagere i alt, ikke fordelt på optagelsesår; her starter alle i {year}",
    ),
    "indigo.fill.participants": (
        "the number of participants: the record gives none; 1 here",
        "antal deltagere: posten giver intet; 1 her",
    ),
    "indigo.fill.programme_cost_total": (
        "the programme cost per participant: the record gives none; here the investment commitment"
        " ({amount}) over the {n} participants",
        "indsatsens pris pr. deltager: posten giver ingen; her investeringstilsagnet ({amount})"
        " fordelt på {n} deltagere",
    ),
    "indigo.fill.programme_cost_delivery": (
        "the programme cost per participant: here the record's planned service delivery cost"
        " ({amount}) over the {n} participants; spread it over the years of service",
        "indsatsens pris pr. deltager: her postens planlagte udgift til levering af indsatsen"
        " ({amount}) fordelt på {n} deltagere; fordel den over indsatsens år",
    ),
    "indigo.fill.programme_cost": (
        "the programme cost per participant: the record gives none; 0 here",
        "indsatsens pris pr. deltager: posten giver ingen; 0 her",
    ),
    "indigo.fill.effect": (
        "the effect on '{name}' ({id}): the record gives the outcome, not its size",
        "effekten på '{name}' ({id}): posten giver resultatet, ikke dets størrelse",
    ),
    "indigo.fill.savings": (
        "what a unit of '{name}' ({id}) saves, and whom: the record gives no savings",
        "hvad en enhed af '{name}' ({id}) sparer, og hvem: posten giver ingen besparelser",
    ),
    "indigo.fill.payments": (
        "the payment rules: the record gives no outcome pricing with a price per unit",
        "betalingsreglerne: posten giver ingen prissætning med en pris pr. enhed",
    ),
    "indigo.fill.investors_total": (
        "each investor's commitment: the record gives {amount} in all from {n} investors, not each one's",
        "hver investors tilsagn: posten giver {amount} i alt fra {n} investorer, ikke hver enkelts",
    ),
    "indigo.fill.investors": (
        "each investor's commitment: the record names {n} investors and gives no amounts",
        "hver investors tilsagn: posten nævner {n} investorer og giver ingen beløb",
    ),
    "indigo.fill.share_of_most": (
        "{name}'s share of each outcome payment: the record gives only its maximum, {most}; here in"
        " proportion to the maximum payments",
        "{name}s andel af hver resultatbetaling: posten giver kun dens maksimum, {most}; her i forhold"
        " til de maksimale betalinger",
    ),
    "indigo.fill.share": (
        "{name}'s share of each outcome payment: the record does not say; 0 here",
        "{name}s andel af hver resultatbetaling: posten siger det ikke; 0 her",
    ),
    "indigo.fill.protection": (
        "capital protection: the record does not say whether the investors' capital is protected; none here",
        "kapitalbeskyttelse: posten siger ikke, om investorernes kapital er beskyttet; ingen her",
    ),
}


# Click's own words (usage errors, help headings), keyed by Click's English text: Click
# asks gettext for each, and the command answers from here under --lang da.
CLICK_DA: dict[str, str] = {
    "TEXT": "TEKST",  # the kinds of an option's value, as --help shows them
    "INTEGER": "HELTAL",
    "INTEGER RANGE": "HELTAL",
    "PATH": "STI",
    "Usage:": "Brug:",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' for at få hjælp.",
    "Error: {message}": "Fejl: {message}",
    "Missing argument": "Mangler argumentet",
    "Missing option": "Mangler tilvalget",
    "Missing parameter": "Mangler parameteren",
    "Missing command.": "Mangler en kommando.",
    "No such command {name!r}.": "Kommandoen {name!r} findes ikke.",
    "No such option {name!r}.": "Tilvalget {name!r} findes ikke.",
    "Did you mean {possibility}?": "Mente du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mente du en af: {possibilities}?)",
    "Option {name!r} requires an argument.": "Tilvalget {name!r} kræver en værdi.",
    "Option {name!r} requires {nargs} arguments.": "Tilvalget {name!r} kræver {nargs} værdier.",
    "Option {name!r} does not take a value.": "Tilvalget {name!r} tager ingen værdi.",
    "Got unexpected extra argument ({args})": "Uventet ekstra argument ({args})",
    "Got unexpected extra arguments ({args})": "Uventede ekstra argumenter ({args})",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "{value!r} is not one of {choices}.": "{value!r} er ikke en af {choices}.",
    "{value!r} is not {choice}.": "{value!r} er ikke {choice}.",
    # every number the command takes is a whole number (a test holds it so)
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et helt tal.",
    "{value} is not in the range {range}.": "{value} ligger ikke i intervallet {range}.",
    "Aborted!": "Afbrudt!",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "Show the version and exit.": "Vis versionen og afslut.",
    "required": "påkrævet",
    "default: {default}": "standard: {default}",
    "Error: invalid input": "Fejl: ugyldigt svar",
}


# The commands' and options' help (--help), keyed by its English text (as inspect.cleandoc
# gives it); a text without its Danish here shows in English (tests/test_danish.py says which).
HELP_DA: dict[str, str] = {
    "Business cases for social impact investments (social impact bonds).": "Business cases for sociale effektinvesteringer (social impact bonds).",
    "Show the version and exit.": "Vis versionen og afslut.",
    "Show the traceback of an internal error.": "Vis fejlsporet (traceback) ved en intern fejl.",
    "Evaluate a case: yearly cash flows and key figures, SIB and self-financing side by side.": "Beregn en sag: årlige pengestrømme og nøgletal, social effektinvestering og egenfinansiering side om side.",
    "Output format (default: from -o, else table).": "Outputformat (standard: ud fra -o, ellers table).",
    "Write to this file (.json, .md, .csv, .xlsx, .html, .txt) instead of stdout.": "Skriv til denne fil (.json, .md, .csv, .xlsx, .html, .txt) i stedet for standardoutput.",
    "Overwrite the output file if it exists.": "Overskriv outputfilen, hvis den findes.",
    "Evaluate as this financing mode (default: the case's own).": "Beregn med denne finansieringsform (standard: sagens egen).",
    "Language of labels and number formats (default: from the locale).": "Sprog for tekster og talformater (standard: ud fra systemets sprogindstilling).",
    "Apply this named scenario of the case.": "Anvend sagens scenarie med dette navn.",
    "Evaluate the case with these measured results in place of its assumptions.": "Beregn sagen med disse målte resultater i stedet for dens antagelser.",
    "Check case files and every scenario in them; report each one, exit 1 if any is invalid.": "Tjek sagsfiler og alle scenarier i dem; vis resultatet for hver enkelt, og afslut med status 1, hvis nogen er ugyldig.",
    "Compare many cases (files, folders of *.yaml / *.yml, globs): one row per case with\nits municipality, file, financing, start year, currency, capital and key figures.\nAmounts stay in each case's currency unless converted with --rate.": "Sammenlign mange sager (filer, mapper med *.yaml / *.yml, filmønstre): én række pr. sag med kommune, fil, finansiering, startår, valuta, kapital og nøgletal. Beløbene står i hver sags egen valuta, medmindre de omregnes med --rate.",
    "A metric to sort by, largest first (e.g. municipal_npv); an amount only where every case is in one currency, or converted.": "Et nøgletal at sortere efter, største først (fx municipal_npv); et beløb kun, når alle sager er i samme valuta eller er omregnet.",
    "Convert amounts in CUR to the common currency: 1 CUR = X of it (e.g. GBP=8.7). Once a currency; every currency but the common one needs a rate.": "Omregn beløb i CUR til den fælles valuta: 1 CUR = X i den fælles valuta (fx GBP=8.7). Én gang pr. valuta; alle valutaer undtagen den fælles skal have en kurs.",
    "The common currency to convert to (default: the one most cases use).": "Den fælles valuta, der omregnes til (standard: den, flest sager bruger).",
    "Write to this file (.json, .csv, .md, .xlsx, .txt) instead of stdout.": "Skriv til denne fil (.json, .csv, .md, .xlsx, .txt) i stedet for standardoutput.",
    "Work every file out again, not taking what earlier runs kept for unchanged files (kept in the user's cache folder, or SIB_CASE_CACHE_DIR), and keep nothing.": "Beregn alle filer forfra uden at bruge det, tidligere kørsler har gemt for uændrede filer (gemt i brugerens cachemappe eller i SIB_CASE_CACHE_DIR), og gem intet.",
    "A fund's or a municipality's view over many cases (files, folders, globs): capital\ncommitted, drawn, outstanding and received back by year, the fund's IRR and multiple,\nwhat the municipalities gain, by municipality, investor, policy area and start year, on\none currency and price year.": "En fonds eller en kommunes overblik over mange sager (filer, mapper, filmønstre): kapital givet i tilsagn, udbetalt, udestående og modtaget retur år for år, fondens interne rente og tilbagebetaling, kommunernes gevinst, opdelt efter kommune, investor, politikområde og startår, i én valuta og ét prisår.",
    "The currency every figure is put in (default: the one most cases use).": "Valutaen, som alle tal opgøres i (standard: den, flest sager bruger).",
    "Convert CUR at X units of the portfolio's currency for one CUR (repeat for each); amounts are never converted without one.": "Omregn CUR med X enheder af porteføljens valuta for én CUR (gentag for hver valuta); beløb omregnes aldrig uden en kurs.",
    "The price year (default: the latest of the cases').": "Prisåret (standard: det seneste af sagernes).",
    "The year present values are in (default: the price year).": "Året, som nutidsværdierne opgøres i (standard: prisåret).",
    "The rate for the municipalities' present value: 0.035 or 3.5% (default 3.5%).": "Diskonteringsrenten for kommunernes nutidsværdi: 0.035 eller 3.5% (standard: 3,5\u00a0%).",
    "A price index for a currency: a preset (dk-cpi, uk-cpi) or a YAML file with currency and values.": "Et prisindeks for en valuta: et indbygget (dk-cpi, uk-cpi) eller en YAML-fil med currency og values.",
    "The fund's own capital (a municipality's fund, say): its balance is followed year by year.": "Fondens egen kapital (fx en kommunes fond): saldoen følges år for år.",
    "Monte Carlo draws over the deals (default: none).": "Monte Carlo-trækninger over sagerne (standard: ingen).",
    "The simulation's seed.": "Simuleringens seed.",
    "With --draws: every deal's effects also scaled by one shared factor a draw, lognormal with this sigma (0.3, say).": "Med --draws: alle sagers effekter ganges desuden med en fælles faktor pr. trækning, lognormalfordelt med denne sigma (fx 0.3).",
    "Write to this file (.json, .csv, .md, .xlsx, .txt, .png, .svg) instead of stdout.": "Skriv til denne fil (.json, .csv, .md, .xlsx, .txt, .png, .svg) i stedet for standardoutput.",
    "Chart the cumulative municipal net cash flow, SIB against self-financing.": "Tegn et diagram over kommunens akkumulerede nettopengestrøm, social effektinvestering mod egenfinansiering.",
    "Write to this file (.png or .svg).": "Skriv til denne fil (.png eller .svg).",
    "Write a council-memo section: summary, how sure, key figures, chart, assumptions and\nsources (Markdown writes the chart beside the memo as NAME-chart.png).": "Skriv et afsnit til en sagsfremstilling: resumé, hvor sikkert resultatet er, nøgletal, diagram, forudsætninger og kilder (Markdown skriver diagrammet ved siden af notatet som NAME-chart.png).",
    "Write to this file (.md or .docx).": "Skriv til denne fil (.md eller .docx).",
    "The case as written and under each of its named scenarios, side by side.": "Sagen, som den er skrevet, og med hvert af dens navngivne scenarier, side om side.",
    "Write to this file (.json, .md, .txt) instead of stdout.": "Skriv til denne fil (.json, .md, .txt) i stedet for standardoutput.",
    "Each uncertain input at its low and high value, one at a time: a tornado of the\nmunicipal NPV, and each input's switching value.": "Hver usikker forudsætning i sin lave og sin høje værdi, én ad gangen: et tornadodiagram over kommunens nutidsværdi og hver forudsætnings skifteværdi.",
    "Write to this file (.png or .svg for the tornado chart, .json, .md, .txt) instead of stdout.": "Skriv til denne fil (.png eller .svg for tornadodiagrammet, .json, .md, .txt) i stedet for standardoutput.",
    "Monte Carlo: joint draws of every uncertain input through the engine at once.": "Monte Carlo: samtidige trækninger af alle usikre forudsætninger, der køres gennem beregningen på én gang.",
    "Number of joint draws.": "Antal samtidige trækninger.",
    "Seed of the random draws; the same seed gives the same figures.": "Seed for de tilfældige trækninger; samme seed giver samme tal.",
    "Write to this file (.png or .svg for the histogram, .json, .md, .txt) instead of stdout.": "Skriv til denne fil (.png eller .svg for histogrammet, .json, .md, .txt) i stedet for standardoutput.",
    "Print the JSON Schema of case files (for editor validation and completion).": "Udskriv JSON Schema for sagsfiler (til kontrol og autofuldførelse i en editor).",
    "Write to this file (.json) instead of stdout.": "Skriv til denne fil (.json) i stedet for standardoutput.",
    "List the templates a new case can start from.": "Vis de skabeloner, en ny sag kan tage udgangspunkt i.",
    "Write a new case from a template; in a terminal it asks for what the flags leave open,\nchecking each answer as it is given. Never overwrites a file without --force.": "Skriv en ny sag ud fra en skabelon; i en terminal spørger den om det, tilvalgene ikke angiver, og tjekker hvert svar, når det gives. Overskriver aldrig en fil uden --force.",
    "The template to start from (default: asked; employment).": "Skabelonen, der tages udgangspunkt i (standard: der spørges; employment).",
    "The case's name.": "Sagens navn.",
    "The municipality.": "Kommunen.",
    "What the programme is, in a sentence or two.": "Hvad indsatsen er, i en sætning eller to.",
    "Participants in all (shared over cohorts).": "Deltagere i alt (fordelt på holdene).",
    "The case's financing: sib or self (default: the template's).": "Sagens finansiering: sib eller self (standard: skabelonens).",
    "Years the case runs (horizon).": "Antal år, sagen løber (horizon).",
    "Write a case skeleton from an INDIGO project record (JSON): everything the record\nholds in its place, and every figure it lacks marked as an assumption to fill in.": "Skriv et sagsskelet ud fra en INDIGO-projektpost (JSON): alt, hvad posten indeholder, på sin plads, og hvert tal, den mangler, markeret som en forudsætning, der skal udfyldes.",
    "Write to this file (.yaml).": "Skriv til denne fil (.yaml).",
    "The case as a record of the INDIGO impact bond data standard (Government Outcomes\nLab), printed as JSON.": "Sagen som en post efter INDIGO-datastandarden for sociale effektinvesteringer (Government Outcomes Lab), udskrevet som JSON.",
    "The settlement statement for one payment date: for each rule the results it rests on,\neach condition met or not, what is due before and after caps, paid before and due now.": "Afregningsopgørelsen for én betalingsdato: for hver regel de resultater, den bygger på, om hver betingelse er opfyldt eller ej, hvad der forfalder før og efter lofter, hvad der er betalt tidligere, og hvad der forfalder nu.",
    "The payment date: the year of the payments settled.": "Betalingsdatoen: året for de betalinger, der afregnes.",
    "The measured results (default: NAME.results.yaml beside the case, if there is one).": "De målte resultater (standard: NAME.results.yaml ved siden af sagen, hvis den findes).",
    "Write to this file (.json, .md, .txt, .xlsx, .docx) instead of stdout.": "Skriv til denne fil (.json, .md, .txt, .xlsx, .docx) i stedet for standardoutput.",
    "The business case against its results: plan and re-forecast year by year, the key\nfigures and their variance.": "Business casen mod resultaterne: plan og genprognose år for år, nøgletallene og deres afvigelse.",
    "Monte Carlo draws (0: none).": "Monte Carlo-trækninger (0: ingen).",
    "Re-estimate the effects not yet measured from the results so far.": "Genberegn de effekter, der endnu ikke er målt, ud fra resultaterne indtil nu.",
    "Write to this file (.png or .svg for the chart, .json, .md, .txt) instead of stdout.": "Skriv til denne fil (.png eller .svg for diagrammet, .json, .md, .txt) i stedet for standardoutput.",
    "How a figure arises, step by step, with the inputs it used.": "Hvordan et tal fremkommer, trin for trin, med de forudsætninger, det bygger på.",
    "A metric of the JSON contract, or a yearly column.": "Et nøgletal fra JSON-kontrakten eller en årlig kolonne.",
    "Explain this year's columns.": "Forklar kolonnerne for dette år.",
    "Explain the case with these measured results in place of its assumptions.": "Forklar sagen med disse målte resultater i stedet for dens antagelser.",
}


def label(key: str, lang: Lang = "en") -> str:
    """The label for `key` in `lang`; the key itself where none exists."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    return case_words(entry[LANGS.index(lang)], lang)


def case_words(text: str, lang: Lang) -> str:
    """A label in the case's words: its commissioner's (a region, a state), and where a
    municipality's own fund finances it, the fund's loan for the SIB."""
    text = commissioner_words(text, lang)
    return fund_words(text, lang) if _FUNDED.get() else text


def input_label(words: tuple[str, ...], lang: Lang) -> str:
    """An uncertain input for people, from what it is and the outcome and savings item it
    belongs to: "beskæftigelse: niveau med indsatsen"."""
    what, *names = words
    return label(f"input.{what}", lang).format(*names)


def unit(currency: str, lang: Lang) -> str:
    """A currency as a unit in running text and headers: "kr." for kroner in Danish, else
    its code (DKK, GBP)."""
    return "kr." if lang == "da" and currency == "DKK" else currency


Commissioner = Literal["municipality", "region", "state", "government"]
_COMMISSIONER: ContextVar[Commissioner] = ContextVar("commissioner", default="municipality")

# The words for the commissioner, as they stand in the labels: (English, Danish) forms.
_WORDS: dict[str, dict[str, str]] = {
    "en": {"Municipal": "{A}", "municipal": "{a}", "municipality": "{n}", "Municipality": "{N}"},
    "da": {
        "Kommunens": "{G}",
        "kommunens": "{g}",
        "Kommunale": "{A}",
        "kommunale": "{a}",
        "Kommunen": "{N}",
        "kommunen": "{n}",
        "kommune": "{b}",
    },
}
_FORMS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "region": {"A": "Regional", "a": "regional", "n": "region", "N": "Region"},
        "state": {"A": "State", "a": "state", "n": "state", "N": "State"},
        "government": {"A": "Government", "a": "government", "n": "government", "N": "Government"},
    },
    "da": {
        "region": {
            "G": "Regionens",
            "g": "regionens",
            "A": "Regionale",
            "a": "regionale",
            "N": "Regionen",
            "n": "regionen",
            "b": "region",
        },
        "state": {
            "G": "Statens",
            "g": "statens",
            "A": "Statslige",
            "a": "statslige",
            "N": "Staten",
            "n": "staten",
            "b": "stat",
        },
        "government": {
            "G": "Statens",
            "g": "statens",
            "A": "Statslige",
            "a": "statslige",
            "N": "Staten",
            "n": "staten",
            "b": "stat",
        },
    },
}
_PATTERN = {  # whole words, never a {placeholder}
    lang: re.compile(r"(?<!\{)\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b(?!\})")
    for lang, words in _WORDS.items()
}


def commissioner_words(text: str, lang: Lang) -> str:
    """A label's text with "municipality" in the commissioner's words (the label itself for a
    municipality)."""
    kind = _COMMISSIONER.get()
    if kind == "municipality":
        return text
    forms = _FORMS[lang][kind]
    return _PATTERN[lang].sub(lambda m: _WORDS[lang][m.group(1)].format(**forms), text)


# A case financed by the municipality's own fund (sib_case.fund) is run as a SIB whose
# investor is the fund: its labels name the fund's loan where they name the SIB.
_FUNDED: ContextVar[bool] = ContextVar("funded", default=False)
_FUND_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "social impact bond (SIB)": "loan from the municipality's own fund",
        "SIB or": "Fund loan or",  # a heading's first words
        "social impact bond": "fund loan",
        "SIB": "fund loan",
        "An investor": "The fund",
        "an investor": "the fund",
        "The investor's": "The fund's",
        "the investor's": "the fund's",
        "The investor": "The fund",
        "the investor": "the fund",
        "Investor": "Fund",
        "investor": "fund",
    },
    "da": {
        "Social effektinvestering": "Lån fra egen fond",
        "en social effektinvestering": "et lån fra kommunens egen fond",
        "social effektinvestering": "lån fra kommunens egen fond",
        "den sociale effektinvestering": "lånet fra fonden",
        "SEI": "fondslån",
        "én investor": "fonden",
        "hver investors": "fondens",
        "Investors": "Fondens",
        "investors": "fondens",
        "Investor": "Fonden",
        "investor": "fonden",
    },
}
_FUND_PATTERN = {  # whole words, never a {placeholder}
    lang: re.compile(
        r"(?<![{.])\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w}])"
    )
    for lang, words in _FUND_WORDS.items()
}


def fund_words(text: str, lang: Lang) -> str:
    """A label's words for the SIB as the words for the fund's loan."""
    return _FUND_PATTERN[lang].sub(lambda m: _FUND_WORDS[lang][m.group(1)], text)


@contextmanager
def speaking_of_fund(funded: bool) -> Iterator[None]:
    """Labels in the words of a fund's loan (or of a SIB) while the block runs, whatever
    the case around: a table whose columns are financed both ways says both."""
    token = _FUNDED.set(funded)
    try:
        yield
    finally:
        _FUNDED.reset(token)


@contextmanager
def speaking_of(case: Any) -> Iterator[None]:
    """Labels in the words of the case's commissioner (and, for a case financed by the
    municipality's own fund, of the fund's loan) while the block runs."""
    token = _COMMISSIONER.set(case.case.commissioner)
    funded = _FUNDED.set(bool(getattr(case, "fund", None)))
    try:
        yield
    finally:
        _FUNDED.reset(funded)
        _COMMISSIONER.reset(token)


_SPOKEN: ContextVar[Lang | None] = ContextVar("spoken", default=None)


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Messages (case-file errors, notes) in `lang` while the block runs: the command's --lang."""
    token = _SPOKEN.set(lang)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def spoken() -> Lang:
    """The language messages are written in: the running command's, else the locale's."""
    return _SPOKEN.get() or default_lang()


def say(key: str, /, **values: Any) -> str:
    """A message from the label table in the messages' language, filled in."""
    return label(key, spoken()).format(**values)


def default_lang() -> Lang:
    """Danish where the environment's locale is Danish, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "da" if value.lower().startswith("da") else "en"
    return "en"
