"""Whether a refuge place suits a household: pure, so the vacancy board and its tests read one rule."""

from __future__ import annotations

from dataclasses import dataclass

from accommodation.models import UnsuitableReason

# A parent with two or more children needs a family room.
FAMILY_ROOM_FROM = 3


@dataclass(frozen=True)
class Household:
    adults: int
    children: int
    male_survivor: bool
    needs_wheelchair_access: bool

    @property
    def size(self) -> int:
        return self.adults + self.children


@dataclass(frozen=True)
class PlaceFeatures:
    men_only: bool
    wheelchair_accessible: bool
    children_allowed: bool
    family_room: bool


def unsuitable_reasons(place: PlaceFeatures, household: Household) -> list[UnsuitableReason]:
    """Why the place does not suit the household; empty: it suits."""
    reasons = []
    if place.men_only != household.male_survivor:
        reasons.append(UnsuitableReason.MEN_ONLY)
    if household.needs_wheelchair_access and not place.wheelchair_accessible:
        reasons.append(UnsuitableReason.WHEELCHAIR)
    if household.children and (
        not place.children_allowed or (household.size >= FAMILY_ROOM_FROM and not place.family_room)
    ):
        reasons.append(UnsuitableReason.CHILDREN)
    return reasons


def suits(place: PlaceFeatures, household: Household) -> bool:
    return not unsuitable_reasons(place, household)
