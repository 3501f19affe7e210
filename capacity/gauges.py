"""Demand against capacity, per MARAC and period: pure functions, no database.

The benchmarks are the national ones the needs assessment (003) and domain.md quote, each a year's figure
taken pro rata to the period's days (a quarter of 91 days: 91/365 of it):
- about 40 MARAC cases a year per 10,000 women aged 16 and over;
- about 100 referrals a year per full-time IDVA;
- one full-time MARAC coordinator per 400 cases a year.

A figure whose input is missing (no population, no post recorded) is None, shown "not recorded", never 0.
FTE for a period is each post's FTE times the share of the period's days it was in place, so a post that
started half way through a quarter counts half."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CASES_PER_10K_WOMEN_A_YEAR = Decimal(40)
REFERRALS_PER_IDVA_FTE_A_YEAR = Decimal(100)
CASES_PER_COORDINATOR_FTE_A_YEAR = Decimal(400)
DAYS_A_YEAR = Decimal(365)


@dataclass(frozen=True)
class PostRow:
    role: str
    fte: Decimal
    valid_from: date
    valid_to: date | None  # the last day, inclusive; None: still in place
    is_demo: bool = False


@dataclass(frozen=True)
class PopulationRow:
    district_id: int
    year: int
    women: int
    is_demo: bool = False


@dataclass(frozen=True)
class Capacity:
    """FTE of one role over a period; `fte` None when no post of the role overlaps the period."""

    fte: Decimal | None
    is_demo: bool = False


@dataclass(frozen=True)
class Population:
    women: int | None
    year: int | None = None  # the estimate's year (the oldest, where districts' years differ)
    is_demo: bool = False


@dataclass(frozen=True)
class Reading:
    """A gauge's reading: the figure for the period, the benchmark for the same days, and the figure as a
    percentage of the benchmark. `value` None: an input was not recorded (or, for a change, no base)."""

    value: Decimal | None
    benchmark: Decimal | None = None

    @property
    def of_benchmark(self) -> Decimal | None:
        if self.value is None or not self.benchmark:
            return None
        return (100 * self.value / self.benchmark).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _q(value: Decimal, places: str = "0.1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def pro_rata(annual: Decimal, days: int) -> Decimal:
    """A year's figure for `days` days."""
    return annual * days / DAYS_A_YEAR


def overlap_days(valid_from: date, valid_to: date | None, start: date, end: date) -> int:
    """Days of [start, end) on which a post in place from `valid_from` to `valid_to` (inclusive) was there."""
    last = end if valid_to is None else min(end, valid_to + timedelta(days=1))
    return max(0, (last - max(start, valid_from)).days)


def fte_in_period(posts: Iterable[PostRow], role: str, start: date, end: date) -> Capacity:
    """The role's FTE over [start, end), each post weighted by the share of the days it was in place."""
    days = (end - start).days
    total, found, demo = Decimal(0), False, False
    for post in posts:
        if post.role != role:
            continue
        overlap = overlap_days(post.valid_from, post.valid_to, start, end)
        if overlap <= 0:
            continue
        found = True
        demo = demo or post.is_demo
        total += post.fte * overlap / days
    return Capacity(_q(total, "0.01") if found else None, demo)


def population_in(rows: Sequence[PopulationRow], district_ids: Iterable[int], year: int) -> Population:
    """Women aged 16+ in the districts: for each, the estimate for `year` or the latest before it. Not
    recorded if any district has none (a part of the area is not the area)."""
    women, years, demo = 0, [], False
    wanted = list(district_ids)
    if not wanted:
        return Population(None)
    for district_id in wanted:
        known = [r for r in rows if r.district_id == district_id and r.year <= year]
        if not known:
            return Population(None)
        latest = max(known, key=lambda r: r.year)
        women += latest.women
        years.append(latest.year)
        demo = demo or latest.is_demo
    return Population(women, min(years), demo)


def recommended_cases(women: int | None, days: int) -> Decimal | None:
    """The number of MARAC cases the population would bring at the benchmark, over `days`."""
    if women is None:
        return None
    return _q(pro_rata(CASES_PER_10K_WOMEN_A_YEAR, days) * women / 10_000, "1")


def cases_per_10k_women(cases: int | None, women: int | None, days: int) -> Reading:
    """MARAC cases per 10,000 women aged 16+, against 40 a year pro rata."""
    benchmark = _q(pro_rata(CASES_PER_10K_WOMEN_A_YEAR, days))
    if cases is None or not women:
        return Reading(None, benchmark)
    return Reading(_q(Decimal(cases) * 10_000 / women), benchmark)


def per_fte(count: int | None, fte: Decimal | None, annual: Decimal, days: int) -> Reading:
    """A count per full-time post over the period, against the annual benchmark pro rata. No FTE in place
    (None or 0): not recorded, as a rate over nobody means nothing."""
    benchmark = _q(pro_rata(annual, days))
    if count is None or not fte:
        return Reading(None, benchmark)
    return Reading(_q(Decimal(count) / fte), benchmark)


def referrals_per_idva_fte(referrals: int | None, fte: Decimal | None, days: int) -> Reading:
    return per_fte(referrals, fte, REFERRALS_PER_IDVA_FTE_A_YEAR, days)


def cases_per_coordinator_fte(cases: int | None, fte: Decimal | None, days: int) -> Reading:
    return per_fte(cases, fte, CASES_PER_COORDINATOR_FTE_A_YEAR, days)


def change(this: int | None, last: int | None) -> Reading:
    """The percentage change from the same period last year; None when either is not recorded or last
    year's was 0 (a change from nothing has no percentage)."""
    if this is None or last is None or last == 0:
        return Reading(None)
    return Reading(_q(Decimal(100) * (this - last) / last))
