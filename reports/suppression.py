"""Small-number suppression: a count of 1 to 4 in anything shared outside the provider could
identify a person, so it is shown as "<5". Zero is shown (it identifies nobody). Pure, no database.

A percentage is suppressed when either side of it (those who said yes, those who did not) is 1–4:
otherwise the small side could be worked out from the percentage and the number asked."""

from __future__ import annotations

from decimal import Decimal

THRESHOLD = 5
SUPPRESSED = "<5"


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


def count_cell(count: int | None, *, suppress: bool) -> str:
    if count is None:
        return "–"
    if suppress and is_small(count):
        return SUPPRESSED
    return f"{count:,}"


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


def percent_cell(part: int, whole: int, *, suppress: bool) -> str:
    if whole == 0:
        return "–"
    if suppress and (is_small(part) or is_small(whole - part)):
        return SUPPRESSED
    return f"{100 * part / whole:.1f}%"


def money_cell(value: Decimal | None) -> str:
    return "–" if value is None else f"£{value:,.2f}"
