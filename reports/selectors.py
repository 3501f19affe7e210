"""The quarterly return and the dashboard's series, computed in the database with a fixed number of
aggregate queries whatever the number of referrals: each query reads both periods (this one and the
same one last year) in one UNION ALL statement of index range scans, grouping and counting many cells
with conditional aggregates. Past months come from stored monthly figures (reports.stored_months, kept
by reports.summary) while they are clean, the county's row or the scope's cells, so the return reads a
few rows per month instead of every referral.

Definitions (where domain.md and the issue leave a choice, the choice is written here):
- referrals received: received in the period, not marked as a duplicate of another referral; imported:
  those of them imported from historic records (an import carries no MARAC listing or deadline, so a
  period of imported referrals only says "not recorded" for those, never 0);
- high-risk passported: received in the period, high risk, and referred on to a provider (the area's
  lead provider's IDVA service; a high-risk referral is also listed at MARAC);
- new entrants: PEOPLE entering the service in the period: survivors with a support episode started in the
  period while none of theirs (in any case, with any provider) was running; each person counts once
  however many cases or services started (NEW_ENTRANTS_DEFINITION, printed on the return). Counted over
  the whole period from each episode's stored place in the count (reports.models.EpisodeEntry), never summed
  from months (a person would count once a month); community-based:
  new entrants who entered through a service other than a refuge; refuge entrants: refuge stays started
  in the period;
- refuge vacancy rate: the average over the period's days of the daily vacancy rate (casework.refuge), each
  day over the places that existed that day (a place's available_from / available_until);
- MARAC cases: referrals listed for a MARAC in the period; repeats: those marked as repeats;
- service levels: clocks whose deadline fell in the period; met in time, missed (stopped late, or
  still running past the deadline), or still running and not yet due (left out of the percentage);
- outcomes: closures in the period; for each measure the share of "yes" among those asked (yes or no);
- funding: each contract's annual value, pro rata to the days it overlaps the period ("not recorded"
  when no contract overlaps it, never £0.00); cost per client is that over new entrants, cost per
  positive outcome that over closures with any outcome "yes"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from casework.models import OUTCOME_MEASURES, Closure, RefugePlace, SupportEpisode
from casework.refuge import Place, Stay, places_on, vacancy_rate
from kidas.db.replica import replica_reads
from marac.models import MaracReferral
from providers.models import Service
from referrals.models import Referral
from referrals.risk import RiskLevel
from referrals.states import OPEN_CASE_STATES, State
from reports.access import ReportScope
from reports.figures import NOT_ASSESSED, Figures, QuarterlyReturn, StageCompliance
from reports.models import Contract, EpisodeEntry
from reports.periods import LONDON, Period
from reports.stored_months import add_stored, live_runs, received_live, stored_rows
from sla.models import Clock

REFUGE_SERVICES = ("refuge", "male-refuge")


# Each part of the return is a "kind": a grouped query over one date range (`build`) and how its rows
# add up (`tally`). Live, the ranges of both periods go in one UNION ALL statement; past months come from
# reports.summary (the same rows, stored per month and per cell by the sweep) when clean. `cells=True` also
# groups the rows by their referral's district and provider: the sweep's cells.


@dataclass(frozen=True)
class Kind:
    name: str
    date_field: str
    dates: bool  # a DateField (True) or a DateTimeField (False)
    build: Callable[..., QuerySet[Any]]  # (scope, in_range, is_this, *, cells=False)
    tally: Callable[[dict[str, Any], Figures], None]


def _range(kind: Kind, start: date, end: date) -> Q:
    lo: Any = start if kind.dates else datetime.combine(start, time.min, tzinfo=LONDON)
    hi: Any = end if kind.dates else datetime.combine(end, time.min, tzinfo=LONDON)
    return Q(**{f"{kind.date_field}__gte": lo, f"{kind.date_field}__lt": hi})


def _cell(prefix: str, cells: bool) -> dict[str, Any]:
    """The row's referral's district and provider, to group by when the sweep stores a month's cells."""
    return {"cell_district": F(f"{prefix}district_id"), "cell_provider": F(f"{prefix}provider_id")} if cells else {}


def _build_referrals(scope: ReportScope, in_range: Q, is_this: bool, *, cells: bool = False) -> QuerySet[Any]:
    return (
        Referral.objects.filter(in_range, scope.referrals())
        .exclude(state=State.DUPLICATE)
        .values("source", "risk_level", "district__name", **_cell("", cells))
        .annotate(
            is_this=Value(is_this),
            n=Count("*"),
            passported=Count("received_at", filter=Q(risk_level=RiskLevel.HIGH, provider__isnull=False)),
            imported=Count("received_at", filter=Q(import_record__isnull=False)),
        )
        .order_by()
    )


def _tally_referrals(row: dict[str, Any], f: Figures) -> None:
    n = row["n"]
    f.received += n
    f.high_risk_passported += row["passported"]
    f.imported += row["imported"]
    f.by_source[row["source"]] = f.by_source.get(row["source"], 0) + n
    risk = row["risk_level"] or NOT_ASSESSED
    f.by_risk[risk] = f.by_risk.get(risk, 0) + n
    district = row["district__name"] or "No district"
    f.by_district[district] = f.by_district.get(district, 0) + n


def _build_support(scope: ReportScope, in_range: Q, is_this: bool, *, cells: bool = False) -> QuerySet[Any]:
    """Refuge stays started (refuge entrants). New entrants are people: _new_entrants."""
    refuge_services = Service.objects.filter(slug__in=REFUGE_SERVICES).values("id")
    return (
        SupportEpisode.objects.filter(in_range, scope.referrals("referral__"), service_id__in=refuge_services)
        .values(is_this=Value(is_this), **_cell("referral__", cells))
        .annotate(n=Count("*"))
        .order_by()
    )


def _tally_support(row: dict[str, Any], f: Figures) -> None:
    f.refuge_entrants += row["n"]


NEW_ENTRANTS_DEFINITION = (
    "New entrants are people entering the service in the period: survivors whose support started in the "
    "period while none of their support (in any case, with any provider) was running. Each person counts "
    "once, however many referrals, cases or services started. Community-based: new entrants who entered "
    "through a service other than a refuge."
)


def _new_entrants(scope: ReportScope, this: Period, last: Period, figures: dict[bool, Figures]) -> None:
    """People entering the service in either period (NEW_ENTRANTS_DEFINITION), in one statement: the episodes
    in scope that are entries (reports.models.EpisodeEntry, which database triggers keep right in the same
    statement as any change to a person's support), counted by person. Whether an episode is an entry depends
    on her support anywhere, before the period too; that was asked episode by episode (2.3 s for a provider's
    year at a million referrals) or in a pass over every running episode (0.6 s for the county)."""
    in_this = Q(started_on__gte=this.start, started_on__lt=this.end)
    in_last = Q(started_on__gte=last.start, started_on__lt=last.end)
    entries = EpisodeEntry.objects.filter(in_this | in_last, scope.referrals(), is_entry=True)
    community = Q(community=True)
    counts = entries.aggregate(
        this_people=Count("person", distinct=True, filter=in_this),
        this_community=Count("person", distinct=True, filter=in_this & community),
        last_people=Count("person", distinct=True, filter=in_last),
        last_community=Count("person", distinct=True, filter=in_last & community),
    )
    for is_this, prefix in ((True, "this"), (False, "last")):
        figures[is_this].new_entrants = counts[f"{prefix}_people"]
        figures[is_this].community_based = counts[f"{prefix}_community"]


def _build_marac(scope: ReportScope, in_range: Q, is_this: bool, *, cells: bool = False) -> QuerySet[Any]:
    return (
        MaracReferral.objects.filter(in_range, scope.referrals("referral__"))
        .values(is_this=Value(is_this), **_cell("referral__", cells))
        .annotate(cases=Count("*"), repeats=Count("created_at", filter=Q(is_repeat=True)))
        .order_by()
    )


def _tally_marac(row: dict[str, Any], f: Figures) -> None:
    f.marac_cases += row["cases"]
    f.marac_repeats += row["repeats"]


def _build_clocks(scope: ReportScope, in_range: Q, is_this: bool, *, cells: bool = False) -> QuerySet[Any]:
    now = timezone.now()
    running = Q(stopped_at__isnull=True)
    return (
        Clock.objects.filter(in_range, scope.referrals("referral__"))
        .values("stage", **_cell("referral__", cells))
        .annotate(
            is_this=Value(is_this),
            n_met=Count("due_at", filter=Q(met=True)),
            n_missed=Count("due_at", filter=Q(met=False) | (running & Q(due_at__lt=now))),
            n_running=Count("due_at", filter=running & Q(due_at__gte=now)),
        )
        .order_by()
    )


def _tally_clocks(row: dict[str, Any], f: Figures) -> None:
    stage = f.stages.setdefault(row["stage"], StageCompliance())
    stage.met += row["n_met"]
    stage.missed += row["n_missed"]
    stage.running += row["n_running"]


def _build_outcomes(scope: ReportScope, in_range: Q, is_this: bool, *, cells: bool = False) -> QuerySet[Any]:
    """Grouped by the whole answer set (a few hundred kinds at most), then tallied in Python: one hash
    per closure instead of sixteen JSON look-ups per closure."""
    return (
        Closure.objects.filter(in_range, scope.referrals("referral__"))
        .values("outcomes", **_cell("referral__", cells))
        .annotate(is_this=Value(is_this), n=Count("*"))
        .order_by()
    )


def _tally_outcomes(row: dict[str, Any], f: Figures) -> None:
    n, answers = row["n"], row["outcomes"] or {}
    f.closures += n
    if any(answers.get(m) == "yes" for m in OUTCOME_MEASURES):
        f.positive_closures += n
    for m in OUTCOME_MEASURES:
        if answers.get(m) in ("yes", "no"):
            f.outcome_asked[m] = f.outcome_asked.get(m, 0) + n
            if answers[m] == "yes":
                f.outcome_yes[m] = f.outcome_yes.get(m, 0) + n


KINDS = [
    Kind("referrals", "received_at", False, _build_referrals, _tally_referrals),
    Kind("support", "started_on", True, _build_support, _tally_support),
    Kind("marac", "created_at", False, _build_marac, _tally_marac),
    Kind("clocks", "due_at", False, _build_clocks, _tally_clocks),
    Kind("outcomes", "at", False, _build_outcomes, _tally_outcomes),
]


@replica_reads()
def quarterly_return(scope: ReportScope, period: Period) -> QuarterlyReturn:
    """The return for `period` and the same period last year in a fixed number of queries whatever the size:
    the stored months (which are stored and clean, with the county's rows; for a part of the county, its
    cells' rows of those months in a second query), one query per kind for the months that are not, and
    the rest."""
    last = period.same_period_last_year()
    figures = {True: Figures(period), False: Figures(last)}
    this_months = set(period.months())
    covered, stored = stored_rows(period.months() + last.months(), scope)
    for month, row in stored:
        add_stored(row, figures[month in this_months])
    for kind in KINDS:
        parts = [(run, True) for run in live_runs(period, covered)] + [(run, False) for run in live_runs(last, covered)]
        if not parts:  # everything stored: still one (empty) statement, so the count never varies
            parts = [((period.start, period.start), True)]
        queries = [kind.build(scope, _range(kind, start, end), is_this) for (start, end), is_this in parts]
        rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        for row in rows:
            kind.tally(row, figures[row["is_this"]])
    for f in figures.values():
        for m in OUTCOME_MEASURES:
            f.outcome_yes.setdefault(m, 0)
            f.outcome_asked.setdefault(m, 0)
    _new_entrants(scope, period, last, figures)
    _refuge_vacancy(scope, period, last, figures)
    _funding(scope, period, last, figures)
    return QuarterlyReturn(scope, figures[True], figures[False])


def _refuge_vacancy(scope: ReportScope, this: Period, last: Period, figures: dict[bool, Figures]) -> None:
    """Refuges belong to providers, not districts: the rate is given for the county or a provider. Each day
    counts the places that existed that day (their dates), so a past period is not measured on today's beds;
    a place taken out of use without a last date is left out, as before dates were kept."""
    if scope.area is not None or scope.district is not None:
        return
    places = RefugePlace.objects.filter(Q(in_use=True) | Q(available_until__isnull=False)).filter(
        Q(available_from__isnull=True) | Q(available_from__lt=this.end),
        Q(available_until__isnull=True) | Q(available_until__gte=last.start),
    )
    if scope.provider is not None:
        places = places.filter(refuge__provider=scope.provider)
    # One statement: every place with its dates (kind "place"), then the stays overlapping either period.
    every_place = places.annotate(kind=Value("place")).values_list("kind", "id", "available_from", "available_until")
    stays_then = (
        SupportEpisode.objects.filter(refuge_place__in=places.values("id"), started_on__lt=this.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=last.start))
        .annotate(kind=Value("stay"))
        .values_list("kind", "refuge_place_id", "started_on", "ended_on")
    )
    known: list[Place] = []
    stays: list[Stay] = []
    for kind, place_id, start, end in every_place.union(stays_then, all=True):
        if kind == "place":
            known.append(Place(place_id, start, end))
        elif start is not None:  # a stay always has its first night
            stays.append(Stay(place_id, start, end))
    if not known:
        return
    for is_this, period in ((True, this), (False, last)):
        in_period = [s for s in stays if s.start < period.end and (s.end is None or s.end > period.start)]
        days = [period.start + timedelta(days=d) for d in range(period.days)]
        rates = [vacancy_rate(places_on(known, day), in_period, day) for day in days]
        counted = [r for r in rates if r is not None]
        figures[is_this].refuge_vacancy_rate = sum(counted) / len(counted) if counted else None


def _overlap_days(starts_on: date, ends_on: date, period: Period) -> int:
    return max(0, (min(ends_on + timedelta(days=1), period.end) - max(starts_on, period.start)).days)


def _funding(scope: ReportScope, this: Period, last: Period, figures: dict[bool, Figures]) -> None:
    """Contracts are per provider and area; a district's share of an area contract is not known."""
    if scope.district is not None:
        return
    contracts = Q(starts_on__lt=this.end, ends_on__gte=last.start)
    if scope.provider is not None:
        contracts &= Q(provider=scope.provider)
    if scope.area is not None:
        contracts &= Q(area=scope.area)
    # One query: each contract with each of its contributions (a contract without any: one row).
    rows = Contract.objects.filter(contracts).values_list(
        "id", "starts_on", "ends_on", "annual_value", "contributions__partner", "contributions__annual_amount"
    )
    seen: set[int] = set()
    for contract_id, starts_on, ends_on, annual_value, partner, amount in rows:
        for f in figures.values():
            days = _overlap_days(starts_on, ends_on, f.period)
            if not days:  # a contract outside this period: its funding is not "£0", it is not recorded
                continue
            share = Decimal(days) / Decimal(365)
            if contract_id not in seen:
                f.funding = (f.funding or Decimal(0)) + (annual_value * share).quantize(Decimal("0.01"))
            if partner is not None:
                f.contributions[partner] = f.contributions.get(partner, Decimal(0)) + (amount * share).quantize(
                    Decimal("0.01")
                )
        seen.add(contract_id)


# The dashboard's extra series ----------------------------------------------------------------------


@replica_reads()
def monthly_referrals(scope: ReportScope, period: Period) -> list[dict[str, Any]]:
    """Referrals received per calendar month (London) of the period, by risk level and by source, in two
    queries whatever the size (three for a part of the county): clean past months come from the stored
    figures (as rows with only a risk level or only a source); the other months are counted live."""
    rows: list[dict[str, Any]] = []
    covered, stored_months = stored_rows(period.months(), scope)
    for month, stored in stored_months:
        rows += [{"month": month, "risk_level": k, "source": None, "n": n} for k, n in stored["by_risk"].items()]
        rows += [{"month": month, "risk_level": None, "source": k, "n": n} for k, n in stored["by_source"].items()]
    rows += list(
        Referral.objects.filter(received_live(period, covered), scope.referrals())
        .exclude(state=State.DUPLICATE)
        .annotate(month=TruncMonth("received_at", tzinfo=LONDON))
        .values("month", "risk_level", "source")
        .annotate(n=Count("*"))
        .order_by("month")
    )
    return rows


@replica_reads()
def caseload_per_worker(scope: ReportScope) -> list[dict[str, Any]]:
    """Open cases per allocated worker today (not a period figure), largest first within each provider.
    Counted by ids over the open-cases index, then named: three queries whatever the size."""
    from accounts.models import User
    from providers.models import Organisation

    counts = list(
        Referral.objects.filter(scope.referrals(), state__in=OPEN_CASE_STATES)
        .values("allocated_worker_id", "provider_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    workers: dict[int, dict[str, Any]] = {
        u["id"]: dict(u)
        for u in User.objects.filter(
            pk__in={c["allocated_worker_id"] for c in counts if c["allocated_worker_id"]}
        ).values("id", "first_name", "last_name", "username")
    }
    providers = dict(Organisation.objects.filter(pk__in={c["provider_id"] for c in counts}).values_list("id", "name"))
    rows = []
    for c in counts:
        worker: dict[str, Any] = workers.get(c["allocated_worker_id"], {})
        rows.append(
            {
                "allocated_worker_id": c["allocated_worker_id"],
                "allocated_worker__first_name": worker.get("first_name", ""),
                "allocated_worker__last_name": worker.get("last_name", ""),
                "allocated_worker__username": worker.get("username", ""),
                "provider_name": providers.get(c["provider_id"], ""),
                "n": c["n"],
            }
        )
    return sorted(rows, key=lambda r: (r["provider_name"], -r["n"], r["allocated_worker__last_name"]))
