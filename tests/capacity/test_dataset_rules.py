"""The MARAC dataset's counts from the cases heard, rule by rule: ages on the day heard, perpetrators
without a date of birth counted apart, and the equality columns "not recorded" until monitoring is."""

from __future__ import annotations

from datetime import date

import pytest

from capacity.dataset import (
    EQUALITY_CHARACTERISTICS,
    CaseRow,
    dataset_figures,
    has_young_perpetrator,
    is_young_victim,
    victims_with_characteristic,
)

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


def test_the_equality_columns_are_not_recorded_until_equality_monitoring_is() -> None:
    figures = dataset_figures([CaseRow(HEARD, False, "police", None, 0)], as_of=HEARD, referral_ids=[1])
    assert figures.equality == dict.fromkeys(EQUALITY_CHARACTERISTICS)
    assert all(victims_with_characteristic(key, [1]) is None for key in EQUALITY_CHARACTERISTICS)
    with pytest.raises(ValueError, match="Not an equality characteristic"):
        victims_with_characteristic("shoe size", [1])
