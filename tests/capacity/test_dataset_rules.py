"""The MARAC dataset's counts from the cases heard, rule by rule: ages on the day heard, perpetrators
without a date of birth counted apart, and the equality columns "not recorded" until monitoring is."""

from __future__ import annotations

from datetime import date

import pytest

from capacity.dataset import (
    EQUALITY_CHARACTERISTICS,
    CaseRow,
    dataset_figures,
    equality_figures,
    has_young_perpetrator,
    is_young_victim,
)
from monitoring.marac_dataset import VictimCounts

HEARD = date(2025, 5, 14)


@pytest.mark.parametrize(
    ("born", "young"),
    [
        (date(2009, 5, 14), True),  # 16 that day
        (date(2007, 5, 15), True),  # 17, 18 tomorrow
        (date(2007, 5, 14), False),  # 18 that day
        (date(2009, 5, 15), False),  # 15, 16 tomorrow
        (None, False),
    ],
)
def test_it_finds_victims_aged_16_or_17_on_the_day_heard(born: date | None, young: bool) -> None:
    assert is_young_victim(born, HEARD) is young


@pytest.mark.parametrize(
    ("born", "young"),
    [
        ((date(2007, 5, 15),), True),  # 17 that day
        ((date(2007, 5, 14),), False),  # 18 that day
        ((None, date(2010, 1, 1)), True),  # one unknown, one 15
        ((None, date(1990, 1, 1)), False),
        ((None,), None),  # no date of birth recorded: not known, never "over 17"
        ((), None),  # no perpetrator linked
    ],
)
def test_it_finds_perpetrators_aged_17_or_under_on_the_day_heard(
    born: tuple[date | None, ...], young: bool | None
) -> None:
    assert has_young_perpetrator(born, HEARD) is young


def test_it_counts_the_cases_heard_with_their_columns() -> None:
    cases = [
        CaseRow(HEARD, False, "police", date(1990, 1, 1), 2, (date(1988, 1, 1),)),
        CaseRow(HEARD, True, "police", date(2008, 6, 1), 0, (date(2008, 1, 1),)),  # 16; perpetrator 17
        CaseRow(HEARD, False, "health", date(1985, 1, 1), 1, ()),  # perpetrator's age not recorded
        CaseRow(date(2025, 6, 30), False, "health", date(1985, 1, 1), 3, ()),  # after today: not heard yet
    ]
    figures = dataset_figures(cases, as_of=date(2025, 6, 1))
    assert (figures.heard, figures.repeats, figures.children) == (3, 1, 3)
    assert figures.by_source == {"police": 2, "health": 1}
    assert (figures.victims_16_17, figures.perpetrators_under_18, figures.perpetrator_age_unknown) == (1, 1, 1)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # No case heard had equality monitoring: not recorded, never 0 (male still from the referral's gender).
        (
            VictimCounts(cases=2, male=1, not_asked=2),
            {"black_or_minority_ethnic": None, "disability": None, "male": 1, "lgbt": None},
        ),
        # One of two recorded: the counts stand.
        (
            VictimCounts(cases=2, minority_ethnic=1, disabled=1, male=0, lgbt=1, not_asked=1),
            {"black_or_minority_ethnic": 1, "disability": 1, "male": 0, "lgbt": 1},
        ),
        # No case heard: nothing to record, 0.
        (VictimCounts(), {"black_or_minority_ethnic": 0, "disability": 0, "male": 0, "lgbt": 0}),
    ],
)
def test_the_equality_columns_come_from_equality_monitoring(counts: VictimCounts, expected: dict) -> None:
    assert equality_figures(counts) == expected
    figures = dataset_figures([CaseRow(HEARD, False, "police", None, 0)], as_of=HEARD, equality=counts)
    assert figures.equality == expected


def test_without_victim_counts_the_equality_columns_are_not_recorded() -> None:
    figures = dataset_figures([CaseRow(HEARD, False, "police", None, 0)], as_of=HEARD)
    assert figures.equality == dict.fromkeys(EQUALITY_CHARACTERISTICS)
