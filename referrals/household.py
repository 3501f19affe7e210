"""The people around a referral as the referral page, the MARAC pages and their outputs show them: the
children (name and age), each alleged perpetrator (marked when serial: linked to two or more survivors) and
the referring agency. One place, so every page and export says the same. Reads only: two queries for any
number of referrals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from referrals.models import LivesInHousehold, Referral, ReferralChild, ReferralPerpetrator, Relationship

# Whether a child lives in the household, in words (as get_lives_in_household_display() says it).
LIVES_IN_HOUSEHOLD = dict(LivesInHousehold.choices)

# A perpetrator linked to this many survivors or more is a serial perpetrator (issue 16).
SERIAL_MIN_SURVIVORS = 2


def is_serial(survivors: int) -> bool:
    return survivors >= SERIAL_MIN_SURVIVORS


def age_on(date_of_birth: date | None, on: date) -> int | None:
    """Whole years on a day; a 29 February birthday comes round on 1 March in other years."""
    if date_of_birth is None:
        return None
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


@dataclass(frozen=True)
class ChildShown:
    person_id: int
    name: str
    age: int | None
    lives_in_household: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.age})" if self.age is not None else f"{self.name} (age not known)"


@dataclass(frozen=True)
class PerpetratorShown:
    person_id: int
    name: str
    relationship: str
    survivors: int

    @property
    def is_serial(self) -> bool:
        return is_serial(self.survivors)

    @property
    def label(self) -> str:
        return f"{self.name} (serial: {self.survivors} survivors)" if self.is_serial else self.name


@dataclass
class Household:
    referring_agency: str
    children: list[ChildShown] = field(default_factory=list)
    perpetrators: list[PerpetratorShown] = field(default_factory=list)

    @property
    def has_serial_perpetrator(self) -> bool:
        return any(p.is_serial for p in self.perpetrators)

    @property
    def children_text(self) -> str:
        return "; ".join(child.label for child in self.children)

    @property
    def perpetrators_text(self) -> str:
        return "; ".join(p.label for p in self.perpetrators)


def referring_agency(referral: Referral) -> str:
    """Who referred: the referrer's organisation as given, else the kind of source (Police, Self-referral)."""
    return referral.referrer_organisation.strip() or referral.get_source_display()


def survivors_per_perpetrator() -> Subquery:
    """How many different survivors the link's perpetrator is linked to, over all referrals."""
    survivors = (
        ReferralPerpetrator.objects.filter(person_id=OuterRef("person_id"), referral__survivor_id__isnull=False)
        .values("person_id")
        .annotate(n=Count("referral__survivor_id", distinct=True))
        .values("n")
    )
    return Subquery(survivors, output_field=IntegerField())


def households(referrals: Iterable[Referral], *, on: date) -> dict[int, Household]:
    """Each referral's household, by referral id; ages on `on` (the meeting's day, or today)."""
    by_id = {referral.pk: Household(referring_agency=referring_agency(referral)) for referral in referrals}
    # What is shown of each child, as values: a page of MARAC cases has a hundred children or more, and making a
    # link and a person of each row cost more than the rest of their reading.
    children = (
        ReferralChild.objects.filter(referral_id__in=by_id)
        .order_by("referral_id", "person__date_of_birth", "id")
        .values_list(
            "referral_id",
            "person_id",
            "person__given_name",
            "person__family_name",
            "person__date_of_birth",
            "lives_in_household",
        )
    )
    for referral_id, person_id, given, family, date_of_birth, lives_in_household in children:
        by_id[referral_id].children.append(
            ChildShown(
                person_id=person_id,
                name=" ".join(part for part in (given, family) if part),  # as Person.full_name
                age=age_on(date_of_birth, on),
                lives_in_household=LIVES_IN_HOUSEHOLD.get(lives_in_household, lives_in_household),
            )
        )
    perpetrators = (
        ReferralPerpetrator.objects.filter(referral_id__in=by_id)
        .annotate(survivors=Coalesce(survivors_per_perpetrator(), 0))
        .order_by("referral_id", "id")
        .values_list(
            "referral_id", "person_id", "person__given_name", "person__family_name", "relationship", "survivors"
        )
    )
    for referral_id, person_id, given, family, relationship, survivors in perpetrators:
        by_id[referral_id].perpetrators.append(
            PerpetratorShown(
                person_id=person_id,
                name=" ".join(part for part in (given, family) if part) or "Name not known",
                relationship=Relationship(relationship).label if relationship in Relationship.values else "",
                survivors=survivors,
            )
        )
    return by_id


def household_of(referral: Referral, *, on: date) -> Household:
    return households([referral], on=on)[referral.pk]
