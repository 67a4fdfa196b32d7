"""The deal's facts a business case does not compute with: its identifiers, stage, dates
to the month, policy sector, places, organisations and sources (the `deal:` block of a
case file). The INDIGO import fills it and the export gives it back
(sib_case/indigo.py); `portfolio` groups cases by its policy sector."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# The case file's models: frozen, no unknown keys, no coercion (model.Strict's too).
STRICT = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True, allow_inf_nan=False)


class Deal(BaseModel):
    """What is known of the deal as a contract: none of it changes a figure."""

    model_config = STRICT

    id: str = ""  # the project's identifier where it has one (INDIGO-POJ-0261)
    policy_sector: Annotated[list[str], Field(max_length=20)] = []  # e.g. "Employment and training"
