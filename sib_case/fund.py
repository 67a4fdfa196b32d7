"""A municipality's own social investment fund (financing mode `fund`).

The model a large Danish municipality uses (Aarhus' fund of 40 mio. kr.; Norrköping's):
the fund lends a department's programme its cost as it falls due; the department repays
a share of its documented savings (the municipality's cashable savings) in the repayment
years, never more than the loan with its interest; money repaid can be lent again, and
what is unpaid when the repayment years end is written off by the fund.

That is a SIB whose investor is the fund and whose one payment rule is a savings share
limited to the repayment years and capped as a loan is: never more than is outstanding,
the capital drawn so far with its interest less what was repaid (the cap's outstanding
and annual_return).
So a fund case is run by the same engine, and every output shows the fund where a SIB
shows its investor; `sib-case portfolio --fund-capital` follows the fund's balance
across its cases. The case's own SIB terms (payment rules, investors, co-payers,
guarantee, protection, caps) do not apply to the fund's loan, nor do transaction costs
stated for the SIB only; a scenario can switch between `mode: sib` and `mode: fund` to
compare them side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Case


def as_fund_loan(case: Case) -> Case:
    """The case as the fund's loan, run as a SIB with the fund as its investor."""
    from .model import Caps, SavingsShare

    fin = case.financing
    terms = fin.fund
    assert terms is not None
    first = terms.repay_from or case.case.start_year
    repayment = SavingsShare(
        type="savings_share",
        name=terms.name,
        share=terms.share,
        savings_from=first,
        savings_to=first + terms.repay_years - 1,
        area=terms.area or fin.area,
    )
    financing = fin.model_copy(
        update={
            "mode": "sib",
            "investor": terms.name,
            "area": terms.area or fin.area,
            "capital": "as_needed",
            "payments": [repayment],
            "payers": [],
            "investors": [],
            "cap": Caps(annual_return=terms.interest, outstanding=True),
            "capital_protection": 0.0,
            "guarantee": None,
            "settlement_year": min(
                first + terms.repay_years - 1, case.case.start_year + case.case.horizon - 1
            ),
        }
    )
    costs = [c for c in case.transaction_costs if c.under != "sib"]
    loan = case.model_copy(update={"financing": financing, "transaction_costs": costs})
    loan._fund = terms.name
    return loan
