"""Pure MARAC rules: no database. Table-driven tests in tests/marac/test_rules.py."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings

from referrals.risk import RiskLevel, repeat_window_start
from referrals.states import State

# A withdrawn or duplicate referral is no longer a case for MARAC: it leaves the high-risk list and
# is never put on an agenda (a closed one stays: the risk has not gone because support ended).
LEFT_MARAC_STATES = (State.WITHDRAWN, State.DUPLICATE)


def meeting_dates(*, first_meeting_on: date, interval_weeks: int, on_or_after: date, count: int) -> list[date]:
    """The next `count` meeting dates of a pattern ("every N weeks from the first meeting"), from a day on."""
    if interval_weeks < 1 or count < 1:
        return []
    step = timedelta(weeks=interval_weeks)
    if on_or_after <= first_meeting_on:
        first = first_meeting_on
    else:
        periods = -(-(on_or_after - first_meeting_on).days // step.days)  # ceiling division
        first = first_meeting_on + periods * step
    return [first + i * step for i in range(count)]


def is_meeting_day(*, first_meeting_on: date, interval_weeks: int, day: date) -> bool:
    return day >= first_meeting_on and (day - first_meeting_on).days % (interval_weeks * 7) == 0


@dataclass(frozen=True)
class Waiting:
    """A case waiting to be heard, as the agenda rule sees it."""

    id: int
    is_repeat: bool
    listed_at: datetime


def agenda_choose(waiting: Iterable[Waiting], *, places: int) -> list[int]:
    """Which waiting cases go on the agenda: repeats first, then the oldest, up to the places left."""
    ordered = sorted(waiting, key=lambda w: (not w.is_repeat, w.listed_at, w.id))
    return [w.id for w in ordered[: max(places, 0)]]


@dataclass(frozen=True)
class PairMaracReferral:
    """An earlier MARAC referral of a survivor with one alleged perpetrator, as the repeat rule sees it."""

    case_id: int
    marac_id: int
    marac_name: str
    survivor_id: int
    perpetrator_id: int
    perpetrator_name: str
    referred_on: date
    reference: str = ""


@dataclass(frozen=True)
class PairRepeat:
    """The pair's last MARAC referral, inside the repeat window: the new referral goes back to its MARAC."""

    of: PairMaracReferral
    window_months: int

    @property
    def explanation(self) -> str:
        return repeat_explanation(self.of, self.window_months)


def repeat_explanation(earlier: PairMaracReferral, window_months: int) -> str:
    """The words triage, the coordinators and the MARAC pages read for a repeat."""
    reference = f" ({earlier.reference})" if earlier.reference else ""
    return (
        f"Repeat: the same survivor and alleged perpetrator ({earlier.perpetrator_name}) were referred to "
        f"{earlier.marac_name} on {earlier.referred_on:%-d %B %Y}{reference}, within the {window_months}-month "
        f"repeat window, so this referral goes back to {earlier.marac_name} whatever its risk level."
    )


def pair_repeat(
    *,
    received_on: date,
    survivor_id: int | None,
    perpetrator_ids: Collection[int],
    earlier: Iterable[PairMaracReferral],
    window_months: int | None = None,
) -> PairRepeat | None:
    """The repeat rule (domain.md): a new incident between the same survivor and perpetrator within the
    repeat window of the pair's LAST MARAC referral goes back to that MARAC, whatever its risk level; after
    the window it is a new referral. The window is counted back from the day the new referral arrived:
    a MARAC referral exactly `window_months` before still counts, the day before that does not. With
    several perpetrators, the most recent pair's referral decides. No survivor or no perpetrator: no pair."""
    months = settings.REPEAT_WINDOW_MONTHS if window_months is None else window_months
    pairs = [e for e in earlier if survivor_id is not None and e.survivor_id == survivor_id]
    pairs = [e for e in pairs if e.perpetrator_id in perpetrator_ids]
    if not pairs:
        return None
    last = max(pairs, key=lambda e: (e.referred_on, e.case_id))
    if last.referred_on < repeat_window_start(received_on, months):
        return None
    return PairRepeat(of=last, window_months=months)


@dataclass(frozen=True)
class MaracListing:
    """Where a routed referral goes at MARAC: the repeat's MARAC, or (marac_id None) its district's."""

    repeat: PairRepeat | None

    @property
    def marac_id(self) -> int | None:
        return self.repeat.of.marac_id if self.repeat else None


def marac_listing_for(
    *,
    risk_level: str,
    received_on: date,
    survivor_id: int | None,
    perpetrator_ids: Collection[int],
    earlier: Iterable[PairMaracReferral],
    window_months: int | None = None,
) -> MaracListing | None:
    """Whether a routed referral goes to MARAC: a repeat of its pair at any risk level (to the pair's last
    MARAC), otherwise only at high risk (to its district's MARAC). None: not for MARAC."""
    repeat = pair_repeat(
        received_on=received_on,
        survivor_id=survivor_id,
        perpetrator_ids=perpetrator_ids,
        earlier=earlier,
        window_months=window_months,
    )
    if repeat is None and risk_level != RiskLevel.HIGH:
        return None
    return MaracListing(repeat=repeat)


def financial_quarter(day: date) -> str:
    """The UK financial-year quarter commissioners report by: April–June is Q1 of 2026/27."""
    start_year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{start_year}/{str(start_year + 1)[-2:]} Q{quarter}"


@dataclass
class QuarterFigures:
    quarter: str
    heard: int = 0
    repeats: int = 0
    # Children in the households of the cases heard (the MARAC dataset's "children in the household").
    children: int = 0
    by_source: dict[str, int] | None = None


def quarterly_figures(rows: Sequence[tuple[date, bool, str, int, int]], *, as_of: date) -> list[QuarterFigures]:
    """Cases heard, repeats, children in their households and referral sources per quarter, from
    (heard_on, is_repeat, source, cases, children) rows: `cases` cases heard that day alike, with `children`
    children in their households between them. Each case counts in the quarter it was heard in; a "heard"
    date after `as_of` (today) is not a hearing yet and counts nowhere."""
    quarters: dict[str, QuarterFigures] = {}
    for heard_on, is_repeat, source, cases, children in sorted((r for r in rows if r[0] <= as_of), key=lambda r: r[0]):
        quarter = financial_quarter(heard_on)
        figures = quarters.setdefault(quarter, QuarterFigures(quarter))
        figures.heard += cases
        figures.repeats += cases if is_repeat else 0
        figures.children += children
        figures.by_source = figures.by_source or {}
        figures.by_source[source] = figures.by_source.get(source, 0) + cases
    return list(quarters.values())
