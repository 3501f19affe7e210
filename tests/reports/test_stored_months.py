"""The county-wide return reads past months from stored figures when they are clean, and is exact
either way: database triggers mark a month dirty when its rows change, the sweep recomputes it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from django.utils import timezone

from referrals.models import Referral
from reports.access import ReportScope
from reports.models import DirtyMonth, MonthFigure
from reports.periods import financial_period
from reports.selectors import quarterly_return
from reports.summary import months_summarise, months_to_compute
from sla.models import Clock
from tests.reports.conftest import at

Q1_2025 = financial_period(2025, 1)
COUNTY = ReportScope(suppressed=False)


def figures(ret):
    return asdict(ret.this), asdict(ret.last)


def test_stored_months_give_the_same_return_in_the_same_number_of_queries(
    hand_checked, django_assert_num_queries
) -> None:
    live = quarterly_return(COUNTY, Q1_2025)
    assert months_summarise(limit=1000) > 0
    assert MonthFigure.objects.filter(month=date(2025, 4, 1), kind="figures").exists()
    with django_assert_num_queries(9):
        stored = quarterly_return(COUNTY, Q1_2025)
    assert figures(stored) == figures(live)
    assert months_to_compute() == []


def test_a_change_to_a_stored_month_is_counted_at_once_and_stored_by_the_next_sweep(hand_checked) -> None:
    months_summarise(limit=1000)
    referral = Referral.objects.get(source="housing")  # received 00:30 on 1 April 2025
    Referral.objects.filter(pk=referral.pk).update(source="health")
    assert DirtyMonth.objects.filter(month=date(2025, 4, 1)).exists()
    changed = quarterly_return(COUNTY, Q1_2025)
    assert changed.this.by_source == {"police": 2, "self": 1, "health": 2}
    assert months_to_compute() == [date(2025, 4, 1)]
    months_summarise()
    assert not DirtyMonth.objects.exists()
    assert figures(quarterly_return(COUNTY, Q1_2025)) == figures(changed)


def test_a_case_closed_today_does_not_touch_the_markers_but_a_late_deadline_does(make_referral, clock) -> None:
    today = timezone.localdate()
    referral = make_referral(at(today), provider="centra", risk_level="medium")
    clock(referral, "triage", at(today), met=True)
    assert not DirtyMonth.objects.exists()  # the current month is never stored: always counted live
    old = today.replace(day=1) - timedelta(days=40)
    clock(referral, "provider_decision", at(old), met=False)
    assert list(DirtyMonth.objects.values_list("month", flat=True)) == [old.replace(day=1)]


def test_only_the_counted_columns_mark_a_month(hand_checked) -> None:
    months_summarise(limit=1000)
    Clock.objects.filter(stage="triage").update(next_reminder_at=timezone.now())  # the sweep's bookkeeping
    Referral.objects.filter(source="police").update(code_word="heron")
    assert not DirtyMonth.objects.exists()
    Clock.objects.filter(stage="triage", met=False).update(met=True)
    assert list(DirtyMonth.objects.values_list("month", flat=True)) == [date(2025, 5, 1)]


def test_the_dashboard_series_are_the_same_from_stored_months(hand_checked, django_assert_num_queries) -> None:
    from collections import Counter

    from reports.selectors import monthly_referrals

    def series() -> tuple[Counter[tuple[int, str]], Counter[tuple[int, str]]]:
        by_risk: Counter[tuple[int, str]] = Counter()
        by_source: Counter[tuple[int, str]] = Counter()
        with django_assert_num_queries(2):
            rows = monthly_referrals(COUNTY, Q1_2025)
        for row in rows:
            if row["risk_level"] is not None:
                by_risk[(row["month"].month, row["risk_level"])] += row["n"]
            if row["source"] is not None:
                by_source[(row["month"].month, row["source"])] += row["n"]
        return by_risk, by_source

    live = series()
    assert live[1][(4, "police")] == 1 and live[0][(6, "high")] == 1
    months_summarise(limit=1000)
    assert series() == live


def scopes() -> list[ReportScope]:
    """Every kind of part of the county: a provider, a district, an area, a provider within an area and within
    a district, and a district where some referrals have no provider."""
    from providers.models import Area, District, Organisation

    centra, victim_support = Organisation.objects.get(slug="centra"), Organisation.objects.get(slug="victim-support")
    north, thanet, dover = (
        Area.objects.get(slug="north"),
        District.objects.get(slug="thanet"),
        District.objects.get(slug="dover"),
    )
    return [
        ReportScope(provider=centra, suppressed=False),
        ReportScope(district=thanet, suppressed=False),
        ReportScope(area=north, suppressed=False),
        ReportScope(area=north, provider=centra, suppressed=False),
        ReportScope(district=thanet, provider=victim_support, suppressed=True),
        ReportScope(district=dover, suppressed=False),
    ]


def test_every_part_of_the_county_reads_the_same_return_from_its_stored_cells(hand_checked) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measured(scope: ReportScope) -> tuple[object, int]:
        with CaptureQueriesContext(connection) as queries:
            ret = quarterly_return(scope, Q1_2025)
        return figures(ret), len(queries)

    live = [measured(scope) for scope in scopes()]
    months_summarise(limit=1000)
    assert MonthFigure.objects.filter(month=date(2025, 5, 1), kind="cell").count() >= 2
    stored = [measured(scope) for scope in scopes()]
    assert [result for result, _ in stored] == [result for result, _ in live]
    # One query more than live, whatever the number of months stored: the cells' rows.
    assert [count for _, count in stored] == [count + 1 for _, count in live]


def test_a_referral_moved_to_another_provider_takes_its_clocks_closure_and_listing_with_it(hand_checked) -> None:
    """A transfer in June of a case received in May: its May clocks now count for the new provider, so the
    months of everything that follows the referral are marked, not only the month it was received in."""
    from providers.models import Organisation

    months_summarise(limit=1000)
    referral = Referral.objects.get(district__slug="thanet", source="police")  # r3: clocks in May, closed 30 June
    Referral.objects.filter(pk=referral.pk).update(provider=Organisation.objects.get(slug="centra"))
    assert set(DirtyMonth.objects.values_list("month", flat=True)) == {date(2025, 5, 1), date(2025, 6, 1)}
    live = [figures(quarterly_return(scope, Q1_2025)) for scope in scopes()]
    months_summarise()
    assert not DirtyMonth.objects.exists()
    assert [figures(quarterly_return(scope, Q1_2025)) for scope in scopes()] == live


def test_equality_figures_come_from_the_stored_cells_and_follow_a_changed_answer(hand_checked, administrator) -> None:
    """The equality table of every part of the county is the same from stored months as live, and an answer
    given or changed, or a corrected date of birth (the age band), marks the referral's month."""
    from monitoring.models import EqualityMonitoring
    from reports.monitoring import equality_of

    def record(referral: Referral, **answers: str) -> EqualityMonitoring:
        return EqualityMonitoring.objects.create(
            referral=referral, recorded_by=administrator, updated_by=administrator, **answers
        )

    police = (
        Referral.objects.filter(source="police", received_at__gte=Q1_2025.starts_at, received_at__lt=Q1_2025.ends_at)
        .exclude(state="duplicate")
        .order_by("received_at")
    )
    first, second = police[0], police[1]
    record(first, ethnicity="black_african", sex="female")
    record(second, ethnicity="white_british", sex="prefer_not_to_say")
    every = [COUNTY, *scopes()]
    live = [equality_of(scope, Q1_2025) for scope in every]
    months_summarise(limit=1000)
    assert [equality_of(scope, Q1_2025) for scope in every] == live

    month = second.received_at.astimezone(timezone.get_current_timezone()).date().replace(day=1)
    EqualityMonitoring.objects.filter(referral=second).update(sex="female")
    assert list(DirtyMonth.objects.values_list("month", flat=True)) == [month]
    months_summarise()
    assert equality_of(COUNTY, Q1_2025)["sex"] == {"female": 2, "": live[0]["sex"][""]}
    Referral.objects.filter(pk=second.pk).update(date_of_birth=date(2009, 1, 1))
    assert list(DirtyMonth.objects.values_list("month", flat=True)) == [month]
