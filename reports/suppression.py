"""Small-number protection for figures shared outside the provider. Pure, no database.

Method: **rounding to base 5**. Every count a protected viewer sees is rounded to the nearest 5
(1–2 → 0, 3–4 → 5, 38 → 40, 36 → 35), and a count of 1 to 4 is shown as "<5"; zero is shown (it
identifies nobody). Every total, percentage and cost is worked out from the rounded counts, never
from the exact ones. So every count anyone outside the provider can open (any table, month, area,
district or provider, page, CSV, workbook or API) is a multiple of 5, and so is every sum or
difference of them: no count of 1 to 4 can come back by subtraction. (Hiding only the cells of 1–4
did not hold: East's 38 minus Thanet's 35 gave Dover's 3 back.)

A percentage is also hidden when either side of it (those who said yes, those who did not) is 1–4.

Known limit of any independent rounding: an attacker who reasons about the interval each rounded figure
stands for (38 → "40" means 38–42) across two different breakdowns of the same referrals (by source and
by district) could, for unlucky data, narrow a small count to one value. Controlled rounding (one rounded
table set that adds up across every breakdown) would close that; it is not built."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

THRESHOLD = 5
BASE = 5
SUPPRESSED = "<5"
METHOD = "rounding to base 5"
METHOD_NOTE = (
    "Counts are rounded to the nearest 5 and counts of 1 to 4 are shown as <5 (rounding to base 5). "
    "Totals, percentages and costs are worked out from the rounded counts, so a total may differ by a few "
    "from the sum of another table, and no count of 1 to 4 can be worked out from the others."
)


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


def rounded(count: int) -> int:
    """The nearest multiple of 5 (a count has no halves to break ties on)."""
    return BASE * ((count + BASE // 2) // BASE)


def shown(count: int, *, suppress: bool) -> int:
    """The count a viewer's totals and rates are built from: exact inside the provider, rounded outside."""
    return rounded(count) if suppress else count


def total(counts: Iterable[int], *, suppress: bool) -> int:
    """A total built from the counts as shown, so it gives nothing away that the counts do not."""
    return sum(shown(c, suppress=suppress) for c in counts)


def count_cell(count: int | None, *, suppress: bool) -> str:
    if count is None:
        return "–"
    if suppress and is_small(count):
        return SUPPRESSED
    return f"{shown(count, suppress=suppress):,}"


def total_cell(counts: Iterable[int], *, suppress: bool) -> str:
    parts = list(counts)
    if suppress and is_small(sum(parts)):  # Dover's 3 is "<5" as a total too, not its rounded 5
        return SUPPRESSED
    return f"{total(parts, suppress=suppress):,}"


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


def percent_cell(part: int, whole: int, *, suppress: bool) -> str:
    if whole == 0:
        return "–"
    if suppress and (is_small(part) or is_small(whole - part)):
        return SUPPRESSED
    value = percent(shown(part, suppress=suppress), shown(whole, suppress=suppress))
    return "–" if value is None else f"{value:.1f}%"


def money_cell(value: Decimal | None) -> str:
    return "not recorded" if value is None else f"£{value:,.2f}"


def per_head(amount: Decimal | None, count: int, *, suppress: bool) -> Decimal | None:
    """An amount per person, over the count as shown: over an exact count, amount ÷ cost would give it back."""
    heads = shown(count, suppress=suppress)
    if amount is None or heads == 0:
        return None
    return (amount / heads).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
