"""The equality categories and the groupings the figures use: pure, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from monitoring import categories as c


def test_it_offers_the_2021_census_ethnic_groups_under_their_five_headings() -> None:
    assert [heading for heading, _ in c.ETHNIC_GROUPS] == [
        "Asian, Asian British or Asian Welsh",
        "Black, Black British, Black Welsh, Caribbean or African",
        "Mixed or Multiple ethnic groups",
        "White",
        "Other ethnic group",
    ]
    assert [len(rows) for _, rows in c.ETHNIC_GROUPS] == [5, 3, 4, 5, 2]
    assert len(c.ETHNICITY_LABEL) == 19


def test_every_question_offers_prefer_not_to_say_and_none_offers_not_asked_as_an_answer() -> None:
    for question in c.QUESTIONS:
        values = [value for value, _ in question.choices]
        assert c.PREFER_NOT_TO_SAY in values, question.field
        assert c.NOT_ASKED not in values, question.field  # not asked is the absence of an answer


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("sex", "", "Not asked"),
        ("sex", "prefer_not_to_say", "Prefer not to say"),
        ("sex", "male", "Male"),
        ("ethnicity", "white_roma", "White: Roma"),
        ("gender_same_as_birth", "no", "No"),
        ("no_recourse_to_public_funds", "not_sure", "Not sure"),
    ],
)
def test_an_answer_reads_as_its_label(field: str, value: str, label: str) -> None:
    assert c.answer_label(field, value) == label


ON = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (None, "Not known"),
        (date(2026, 7, 2), "Not known"),  # born after the day: a mistake, not an age
        (date(2011, 7, 1), "Under 16"),  # 15 until the 16th birthday...
        (date(2010, 7, 2), "Under 16"),
        (date(2010, 7, 1), "16–17"),  # ...16 on it
        (date(2008, 7, 2), "16–17"),
        (date(2008, 7, 1), "18–24"),
        (date(2001, 7, 2), "18–24"),
        (date(2001, 7, 1), "25–34"),
        (date(1991, 7, 1), "35–44"),
        (date(1981, 7, 1), "45–54"),
        (date(1971, 7, 1), "55–64"),
        (date(1961, 7, 2), "55–64"),
        (date(1961, 7, 1), "65 and over"),
        (date(1930, 1, 1), "65 and over"),
    ],
)
def test_the_age_band_on_the_day_comes_from_the_date_of_birth(born: date | None, band: str) -> None:
    assert c.age_band(born, ON) == band


def test_a_29_february_birthday_is_reached_on_1_march() -> None:
    assert c.age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert c.age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


@pytest.mark.parametrize(
    ("ethnicity", "minority"),
    [
        ("white_british", False),
        ("", False),  # not asked
        ("prefer_not_to_say", False),
        ("white_irish", True),
        ("white_gypsy_irish_traveller", True),
        ("white_roma", True),
        ("white_other", True),
        ("black_african", True),
        ("asian_pakistani", True),
        ("mixed_white_black_caribbean", True),
        ("other_arab", True),
    ],
)
def test_a_black_or_minority_ethnic_victim_is_any_group_but_white_british(ethnicity: str, minority: bool) -> None:
    assert c.is_minority_ethnic(ethnicity) is minority


@pytest.mark.parametrize(
    ("orientation", "same_as_birth", "lgbt"),
    [
        ("straight", "yes", False),
        ("", "", False),
        ("prefer_not_to_say", "prefer_not_to_say", False),
        ("gay_or_lesbian", "", True),
        ("bisexual", "yes", True),
        ("other", "", True),
        ("straight", "no", True),  # trans: gender not the sex registered at birth
        ("", "no", True),
    ],
)
def test_an_lgbt_victim(orientation: str, same_as_birth: str, lgbt: bool) -> None:
    assert c.is_lgbt(orientation, same_as_birth) is lgbt


@pytest.mark.parametrize(
    ("sex", "referral_gender", "male"),
    [
        ("male", "woman", True),  # monitoring answered: it decides
        ("female", "man", False),
        ("prefer_not_to_say", "man", False),  # an answer, respected: not counted
        ("", "man", True),  # not asked: the referral's gender
        ("", "woman", False),
        ("", "non_binary", False),
    ],
)
def test_a_male_victim(sex: str, referral_gender: str, male: bool) -> None:
    assert c.is_male(sex, referral_gender) is male


@pytest.mark.parametrize(
    ("disability", "disabled"), [("yes", True), ("no", False), ("prefer_not_to_say", False), ("", False)]
)
def test_a_disabled_victim(disability: str, disabled: bool) -> None:
    assert c.is_disabled(disability) is disabled
