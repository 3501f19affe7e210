"""What a reader of the reports' stored figures holds (the return, its dashboard, a MARAC's dataset and gauges),
and the parameters they are counted from. The counting and keeping is kidas.stored_figures."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from kidas.formats import short_date_time
from kidas.stored_figures import FromStored
from reports.periods import Period
from reports.suppression import METHOD, METHOD_NOTE


@dataclass(frozen=True)
class CountedFigures(FromStored):
    """What a reader of stored figures holds: the period they are over and the stored row's parts."""

    period: Period

    @property
    def last_period(self) -> Period:
        return self.period.same_period_last_year()

    def heading(self, title: str, *, suppressed: bool) -> list[str]:
        """The first lines of a download of these figures: what, when counted, how small numbers are kept."""
        lines = [f"{title}, {self.period.label}", f"Figures as at {short_date_time(self.counted_at)}"]
        if suppressed:
            lines.append(f"Protecting small numbers: {METHOD}. {METHOD_NOTE}")
        return lines


def params_of(scope: Any, period: Period) -> dict[str, Any]:
    """What figures of a scope over a period are counted from: every field of the scope (a dataclass), a record
    by its id, so a field added to a scope is in the key without anyone remembering to add it; and the period's
    key."""
    ids = {f.name: getattr(getattr(scope, f.name), "pk", getattr(scope, f.name)) for f in fields(scope)}
    return {"scope": ids, "period": period.key}
