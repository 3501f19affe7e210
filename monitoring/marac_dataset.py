"""The MARAC dataset's victim counts for one MARAC and quarter: cases with a victim from a Black or minority
ethnic group, a disabled victim, a male victim, an LGBT victim, a victim aged 16–17 (domain.md, "MARAC dataset
and capacity benchmarks"). For reports to import (reports sits above this app).

`victim_counts` is pure (table tests in tests/monitoring/test_marac_victims.py); `marac_victims` reads the
rows it counts, one query. What each count means is in DEFINITIONS (monitoring.categories): equality answers
not asked or "prefer not to say" are counted in none of them, and `not_asked` says how many cases had no
equality monitoring at all, so a low count is read for what it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from marac.models import MaracReferral
from monitoring import categories as c

LONDON = ZoneInfo("Europe/London")

DEFINITIONS: dict[str, str] = {
    "minority_ethnic": c.MINORITY_ETHNIC_DEFINITION,
    "disabled": c.DISABLED_DEFINITION,
    "male": c.MALE_DEFINITION,
    "lgbt": c.LGBT_DEFINITION,
    "aged_16_17": c.AGED_16_17_DEFINITION,
    "not_asked": "Cases whose referral has no equality monitoring recorded.",
}


@dataclass(frozen=True)
class MaracVictim:
    """One MARAC case's victim, as the counts read it. Equality answers are "" when not asked."""

    listed_on: date
    date_of_birth: date | None
    referral_gender: str = ""
    monitored: bool = False
    ethnicity: str = ""
    sex: str = ""
    gender_same_as_birth: str = ""
    sexual_orientation: str = ""
    disability: str = ""


@dataclass(frozen=True)
class VictimCounts:
    cases: int = 0
    minority_ethnic: int = 0
    disabled: int = 0
    male: int = 0
    lgbt: int = 0
    aged_16_17: int = 0
    not_asked: int = 0


def victim_counts(victims: Iterable[MaracVictim]) -> VictimCounts:
    """Each case counted once in each group its victim belongs to."""
    rows = list(victims)
    return VictimCounts(
        cases=len(rows),
        minority_ethnic=sum(c.is_minority_ethnic(v.ethnicity) for v in rows),
        disabled=sum(c.is_disabled(v.disability) for v in rows),
        male=sum(c.is_male(v.sex, v.referral_gender) for v in rows),
        lgbt=sum(c.is_lgbt(v.sexual_orientation, v.gender_same_as_birth) for v in rows),
        aged_16_17=sum(c.is_aged_16_17(v.date_of_birth, v.listed_on) for v in rows),
        not_asked=sum(not v.monitored for v in rows),
    )


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def marac_victims(marac_id: int, start: date, end: date, *, heard: bool = False) -> list[MaracVictim]:
    """The victims of the MARAC's cases listed on days start ≤ day < end (London), or, with heard=True, heard on
    those days. One query. The date of birth is the survivor's as a person, else the referral's."""
    if heard:
        in_period = Q(heard_on__gte=start, heard_on__lt=end)
    else:
        in_period = Q(created_at__gte=_moment(start), created_at__lt=_moment(end))
    rows = (
        MaracReferral.objects.filter(in_period, marac_id=marac_id)
        .annotate(
            date_of_birth=Coalesce(F("referral__survivor__date_of_birth"), F("referral__date_of_birth")),
        )
        .values_list(
            "created_at",
            "heard_on",
            "date_of_birth",
            "referral__gender",
            "referral__equality__id",
            "referral__equality__ethnicity",
            "referral__equality__sex",
            "referral__equality__gender_same_as_birth",
            "referral__equality__sexual_orientation",
            "referral__equality__disability",
        )
    )
    victims = []
    for created_at, heard_on, born, gender, monitored, ethnicity, sex, same, orientation, disability in rows:
        listed_on = heard_on if heard and heard_on else created_at.astimezone(LONDON).date()
        victims.append(
            MaracVictim(
                listed_on=listed_on,
                date_of_birth=born,
                referral_gender=gender or "",
                monitored=monitored is not None,
                ethnicity=ethnicity or "",
                sex=sex or "",
                gender_same_as_birth=same or "",
                sexual_orientation=orientation or "",
                disability=disability or "",
            )
        )
    return victims


def marac_victim_counts(marac_id: int, start: date, end: date, *, heard: bool = False) -> VictimCounts:
    """The MARAC dataset's victim counts for a MARAC and a period [start, end): see DEFINITIONS."""
    return victim_counts(marac_victims(marac_id, start, end, heard=heard))
