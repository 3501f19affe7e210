"""The gauges' arithmetic, rule by rule, as tables: benchmarks pro rata to the period, FTE weighted by
the days each post was in place, populations by year, and "not recorded" (None) for a missing input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from capacity import gauges as g
from capacity.gauges import PopulationRow, PostRow

Q1 = (date(2025, 4, 1), date(2025, 7, 1))  # 91 days


@pytest.mark.parametrize(
    ("annual", "days", "expected"),
    [
        (Decimal(100), 365, Decimal(100)),
        (Decimal(100), 91, Decimal("24.93")),
        (Decimal(400), 92, Decimal("100.82")),
        (Decimal(40), 0, Decimal(0)),
    ],
)
def test_it_takes_a_years_benchmark_pro_rata(annual: Decimal, days: int, expected: Decimal) -> None:
    assert g.pro_rata(annual, days).quantize(Decimal("0.01")) == expected


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "days"),
    [
        (date(2024, 1, 1), None, 91),  # in place throughout
        (date(2025, 5, 16), None, 46),  # started half way
        (date(2024, 1, 1), date(2025, 4, 30), 30),  # ended on 30 April, counted inclusive
        (date(2024, 1, 1), date(2025, 3, 31), 0),  # ended before the quarter
        (date(2025, 7, 1), None, 0),  # starts after it
        (date(2025, 4, 1), date(2025, 4, 1), 1),  # one day
    ],
)
def test_it_counts_the_days_a_post_was_in_place(valid_from: date, valid_to: date | None, days: int) -> None:
    assert g.overlap_days(valid_from, valid_to, *Q1) == days


def test_it_weights_each_post_by_its_days_and_adds_the_roles_posts() -> None:
    posts = [
        PostRow("idva", Decimal("2.0"), date(2024, 1, 1), None),
        PostRow("idva", Decimal("1.0"), date(2025, 5, 16), None),  # 46 of 91 days
        PostRow("idva", Decimal("3.0"), date(2020, 1, 1), date(2025, 3, 31)),  # gone before the quarter
        PostRow("coordinator", Decimal("1.0"), date(2024, 1, 1), None, is_demo=True),
    ]
    assert g.fte_in_period(posts, "idva", *Q1) == g.Capacity(Decimal("2.51"), False)
    assert g.fte_in_period(posts, "coordinator", *Q1) == g.Capacity(Decimal("1.00"), True)
    assert g.fte_in_period(posts, "outreach", *Q1).fte is None  # not recorded, never 0


def test_it_reads_each_districts_latest_estimate_up_to_the_year() -> None:
    rows = [
        PopulationRow(1, 2023, 40_000),
        PopulationRow(1, 2024, 41_000),
        PopulationRow(1, 2026, 45_000),  # after the year asked: not used
        PopulationRow(2, 2022, 30_000, is_demo=True),
    ]
    assert g.population_in(rows, [1, 2], 2025) == g.Population(71_000, 2022, True)
    assert g.population_in(rows, [1], 2023) == g.Population(40_000, 2023, False)
    assert g.population_in(rows, [1, 3], 2025).women is None  # district 3 has none: the area is not recorded
    assert g.population_in(rows, [1], 2022).women is None
    assert g.population_in(rows, [], 2025).women is None


@pytest.mark.parametrize(
    ("cases", "women", "days", "value", "benchmark", "share"),
    [
        (25, 25_000, 365, Decimal("10.0"), Decimal("40.0"), Decimal(25)),
        (25, 25_000, 91, Decimal("10.0"), Decimal("10.0"), Decimal(100)),
        (0, 25_000, 91, Decimal("0.0"), Decimal("10.0"), Decimal(0)),
        (25, None, 91, None, Decimal("10.0"), None),  # no population: not recorded
        (None, 25_000, 91, None, Decimal("10.0"), None),  # no hearings recorded (imports)
    ],
)
def test_it_reads_cases_per_10000_women_against_40_a_year(
    cases: int | None, women: int | None, days: int, value: Decimal | None, benchmark: Decimal, share: Decimal | None
) -> None:
    reading = g.cases_per_10k_women(cases, women, days)
    assert (reading.value, reading.benchmark, reading.of_benchmark) == (value, benchmark, share)


@pytest.mark.parametrize(
    ("referrals", "fte", "value", "share"),
    [
        (50, Decimal("2"), Decimal("25.0"), Decimal(100)),  # 91 days: 24.9 a full-time IDVA
        (75, Decimal("1.5"), Decimal("50.0"), Decimal(201)),
        (0, Decimal("2"), Decimal("0.0"), Decimal(0)),
        (50, None, None, None),  # no IDVA post recorded
        (50, Decimal(0), None, None),  # a rate over nobody means nothing
    ],
)
def test_it_reads_referrals_per_idva_fte_against_100_a_year(
    referrals: int, fte: Decimal | None, value: Decimal | None, share: Decimal | None
) -> None:
    reading = g.referrals_per_idva_fte(referrals, fte, 91)
    assert reading.benchmark == Decimal("24.9")
    assert (reading.value, reading.of_benchmark) == (value, share)


@pytest.mark.parametrize(
    ("cases", "fte", "value"),
    [(100, Decimal("1"), Decimal("100.0")), (30, Decimal("0.5"), Decimal("60.0")), (30, None, None)],
)
def test_it_reads_cases_per_coordinator_fte_against_400_a_year(
    cases: int, fte: Decimal | None, value: Decimal | None
) -> None:
    reading = g.cases_per_coordinator_fte(cases, fte, 365)
    assert reading.benchmark == Decimal("400.0")
    assert reading.value == value


@pytest.mark.parametrize(
    ("this", "last", "value"),
    [
        (148, 100, Decimal("48.0")),  # the +48% outreach demand of 002
        (90, 100, Decimal("-10.0")),
        (100, 100, Decimal("0.0")),
        (10, 0, None),  # nothing last year: no percentage
        (None, 10, None),
    ],
)
def test_it_reads_outreach_demand_against_the_same_period_last_year(
    this: int | None, last: int | None, value: Decimal | None
) -> None:
    assert g.change(this, last).value == value


@pytest.mark.parametrize(
    ("women", "days", "expected"), [(100_000, 365, Decimal(400)), (25_000, 91, Decimal(25)), (None, 91, None)]
)
def test_it_gives_the_recommended_number_of_cases_for_the_population(
    women: int | None, days: int, expected: Decimal | None
) -> None:
    assert g.recommended_cases(women, days) == expected
