"""A MARAC's cases heard per quarter as stored figures (kidas.stored_figures): counted once per MARAC and reach
(every case, or those on an agenda) and read by the figures page and API until REPORT_FIGURES_FRESH_FOR seconds
old, the page saying when they were counted and the API in its Last-Modified header. Counting a busy MARAC's
hearings took tens of milliseconds on every ask."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from accounts.models import User
from kidas.stored_figures import Stored, figures_kind, stored_figures
from marac.models import Marac, MaracReferral
from marac.rules import QuarterFigures
from marac.selectors import CaseReach, case_reach_of, cases_within, marac_quarterly_figures

KIND = "marac-quarters"


@dataclass(frozen=True)
class StoredQuarters:
    stored: Stored | None  # none for a member who reaches no case: nothing was counted for them
    quarters: list[QuarterFigures]

    @property
    def counted_at(self) -> datetime | None:
        return self.stored.counted_at if self.stored else None

    @property
    def fresh_for_minutes(self) -> int:
        return self.stored.fresh_for_minutes if self.stored else 0


def stored_quarters(user: User, marac: Marac) -> StoredQuarters:
    """The quarters of `marac` (one `user` may see: marac.selectors.marac_get_for_user) over the cases they
    reach, as every member with the same reach sees them."""
    reach = case_reach_of(user)
    if reach is None:
        return StoredQuarters(stored=None, quarters=[])
    stored = stored_figures(KIND, {"marac": marac.pk, "reach": reach.value}, parts=("quarters",))
    return StoredQuarters(stored=stored, quarters=[QuarterFigures(**q) for q in stored.figures["quarters"]])


@figures_kind(KIND)
def _count(params: dict[str, Any]) -> dict[str, Any]:
    cases = cases_within(MaracReferral.objects.filter(marac_id=params["marac"]), CaseReach(params["reach"]))
    return {"quarters": [asdict(quarter) for quarter in marac_quarterly_figures(cases)]}
