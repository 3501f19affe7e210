"""Whether a refuge place suits a household, and why not. Pure."""

from __future__ import annotations

import pytest

from accommodation.models import UnsuitableReason as R
from accommodation.suitability import Household, PlaceFeatures, unsuitable_reasons

ROOM = PlaceFeatures(men_only=False, wheelchair_accessible=False, children_allowed=True, family_room=False)
FAMILY = PlaceFeatures(men_only=False, wheelchair_accessible=False, children_allowed=True, family_room=True)
ACCESSIBLE = PlaceFeatures(men_only=False, wheelchair_accessible=True, children_allowed=True, family_room=False)
NO_CHILDREN = PlaceFeatures(men_only=False, wheelchair_accessible=True, children_allowed=False, family_room=False)
MALE_FAMILY = PlaceFeatures(men_only=True, wheelchair_accessible=False, children_allowed=True, family_room=True)

WOMAN_ALONE = Household(adults=1, children=0, male_survivor=False, needs_wheelchair_access=False)
WOMAN_AND_CHILD = Household(adults=1, children=1, male_survivor=False, needs_wheelchair_access=False)
FAMILY_OF_FOUR = Household(adults=1, children=3, male_survivor=False, needs_wheelchair_access=False)
WHEELCHAIR_USER = Household(adults=1, children=0, male_survivor=False, needs_wheelchair_access=True)
MAN_AND_TWO_CHILDREN = Household(adults=1, children=2, male_survivor=True, needs_wheelchair_access=False)


@pytest.mark.parametrize(
    ("place", "household", "reasons"),
    [
        (ROOM, WOMAN_ALONE, []),
        (ROOM, WOMAN_AND_CHILD, []),
        (ROOM, FAMILY_OF_FOUR, [R.CHILDREN]),  # three or more need a family room
        (FAMILY, FAMILY_OF_FOUR, []),
        (ROOM, WHEELCHAIR_USER, [R.WHEELCHAIR]),
        (ACCESSIBLE, WHEELCHAIR_USER, []),
        (NO_CHILDREN, WOMAN_AND_CHILD, [R.CHILDREN]),
        (NO_CHILDREN, WHEELCHAIR_USER, []),
        (MALE_FAMILY, MAN_AND_TWO_CHILDREN, []),  # the male refuge takes men and their children
        (FAMILY, MAN_AND_TWO_CHILDREN, [R.MEN_ONLY]),
        (MALE_FAMILY, FAMILY_OF_FOUR, [R.MEN_ONLY]),
        (
            ROOM,
            Household(adults=1, children=2, male_survivor=True, needs_wheelchair_access=True),
            [R.MEN_ONLY, R.WHEELCHAIR, R.CHILDREN],
        ),
    ],
)
def test_a_place_suits_a_household_or_says_why_not(
    place: PlaceFeatures, household: Household, reasons: list[R]
) -> None:
    assert unsuitable_reasons(place, household) == reasons
