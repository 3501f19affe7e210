"""Several columns of a correlated subquery's row read as one value: a list's statement takes one subquery per
row rather than one for each column (each built, planned and run again), and the columns come back as a JSON
array, read with the functions below. Used by the work lists' deadline (sla.current_deadline) and the MARAC
lists' listing and reassessment (marac.selectors)."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import F, Func, JSONField


def columns_as_one_value(*columns: str) -> Func:
    """The columns as one JSON array (dates and times written in ISO 8601), for `.values()` of a subquery."""
    return Func(*(F(column) for column in columns), function="jsonb_build_array", output_field=JSONField())


def moment_written(written: str | None) -> datetime | None:
    """A date and time as the array holds it (with its offset), or None."""
    return None if written is None else datetime.fromisoformat(written)


def day_written(written: str | None) -> date | None:
    """A date as the array holds it, or None."""
    return None if written is None else date.fromisoformat(written)
