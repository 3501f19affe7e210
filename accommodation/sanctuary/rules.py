"""Whether a household is eligible for the sanctuary scheme: pure, so the page, the API and the tests read
one rule. An answer not yet given or "not known" leaves the decision open (not eligible *yet*); it never
makes a household eligible, nor ineligible, by default."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from accommodation.sanctuary.models import Answer, Tenure


class Decision(Enum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not eligible"
    NOT_YET = "not decided yet"


PERPETRATOR_LIVES_THERE = "The perpetrator lives there."
NO_CONSENT = "The survivor does not consent."


@dataclass(frozen=True)
class Eligibility:
    decision: Decision
    reasons: tuple[str, ...] = ()  # why not eligible
    missing: tuple[str, ...] = ()  # what is still to find out

    def explain(self) -> str:
        if self.decision is Decision.NOT_ELIGIBLE:
            return " ".join(self.reasons)
        if self.decision is Decision.NOT_YET:
            return "Still to find out: " + ", ".join(self.missing) + "."
        return "Eligible: the perpetrator does not live there, the tenure is known and the survivor consents."


def eligibility(*, perpetrator_lives_there: str, tenure: str, consent: str) -> Eligibility:
    """Not eligible when the perpetrator lives there or the survivor refuses; otherwise eligible only once
    every answer is known (owner, private or social tenant: every tenure the scheme serves)."""
    reasons = []
    if perpetrator_lives_there == Answer.YES:
        reasons.append(PERPETRATOR_LIVES_THERE)
    if consent == Answer.NO:
        reasons.append(NO_CONSENT)
    if reasons:
        return Eligibility(Decision.NOT_ELIGIBLE, reasons=tuple(reasons))
    missing = []
    if perpetrator_lives_there != Answer.NO:
        missing.append("whether the perpetrator lives there")
    if tenure not in (Tenure.OWNER, Tenure.PRIVATE_TENANT, Tenure.SOCIAL_TENANT):
        missing.append("the tenure")
    if consent != Answer.YES:
        missing.append("the survivor's consent")
    if missing:
        return Eligibility(Decision.NOT_YET, missing=tuple(missing))
    return Eligibility(Decision.ELIGIBLE)
