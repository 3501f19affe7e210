"""The MARAC dataset of one MARAC and period, as MARACs report it, from the cases heard: pure, no database.

Definitions (shown beside each figure, capacity.definitions):
- a case is a MARAC listing heard in the period (its hearing day, London, in the period and not after today);
- children in the households: the children on the case's referral, but those recorded as not living there
  (as the MARAC's own figures page counts them);
- repeat: the listing is marked as a repeat (a new incident within 12 months of the pair's last MARAC referral);
- referrals by agency: the kind of agency that referred (the referral's source);
- victim aged 16–17: the survivor's age on the day heard, from the date of birth on the referral;
- perpetrator aged 17 or under: any alleged perpetrator on the referral aged 17 or under on the day heard,
  from the perpetrator person's date of birth; cases where no perpetrator's date of birth is recorded are
  counted apart ("perpetrator's age not recorded"), never as over 17;
- the equality figures (Black or minority ethnic, disability, male, LGBT victim) come from the referral's
  equality monitoring (monitoring.marac_dataset, its definitions); where none of the cases heard had it
  recorded they are "not recorded" (None), never 0. Male falls back to the referral's gender."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from monitoring.marac_dataset import VictimCounts
from referrals.household import age_on

EQUALITY_CHARACTERISTICS = {
    "black_or_minority_ethnic": "Victim from a Black or minority ethnic group",
    "disability": "Victim with a disability",
    "male": "Male victim",
    "lgbt": "LGBT victim",
}


@dataclass(frozen=True)
class CaseRow:
    heard_on: date
    is_repeat: bool
    source: str
    victim_born: date | None
    children: int
    perpetrators_born: tuple[date | None, ...] = ()


@dataclass
class DatasetFigures:
    heard: int = 0
    repeats: int = 0
    children: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    victims_16_17: int = 0
    perpetrators_under_18: int = 0
    perpetrator_age_unknown: int = 0
    equality: dict[str, int | None] = field(default_factory=dict)


def is_young_victim(born: date | None, on: date) -> bool:
    return age_on(born, on) in (16, 17)


def has_young_perpetrator(born: Iterable[date | None], on: date) -> bool | None:
    """True: a perpetrator aged 17 or under that day; False: none, and at least one age known; None: no
    perpetrator's date of birth recorded."""
    ages = [age_on(b, on) for b in born if b is not None]
    if not ages:
        return None
    return any(a is not None and a <= 17 for a in ages)


def equality_figures(counts: VictimCounts) -> dict[str, int | None]:
    """The equality columns from the cases' victim counts: None ("not recorded") where no case heard had
    equality monitoring, except male, which the referral's gender answers too."""
    recorded = counts.cases == 0 or counts.not_asked < counts.cases
    return {
        "black_or_minority_ethnic": counts.minority_ethnic if recorded else None,
        "disability": counts.disabled if recorded else None,
        "male": counts.male,
        "lgbt": counts.lgbt if recorded else None,
    }


def dataset_figures(cases: Iterable[CaseRow], *, as_of: date, equality: VictimCounts | None = None) -> DatasetFigures:
    """The dataset's counts over the cases heard; a hearing day after `as_of` (today) is not a hearing yet."""
    figures = DatasetFigures()
    for case in cases:
        if case.heard_on > as_of:
            continue
        figures.heard += 1
        figures.repeats += int(case.is_repeat)
        figures.children += case.children
        figures.by_source[case.source] = figures.by_source.get(case.source, 0) + 1
        figures.victims_16_17 += int(is_young_victim(case.victim_born, case.heard_on))
        young = has_young_perpetrator(case.perpetrators_born, case.heard_on)
        if young is None:
            figures.perpetrator_age_unknown += 1
        else:
            figures.perpetrators_under_18 += int(young)
    figures.equality = equality_figures(equality) if equality else dict.fromkeys(EQUALITY_CHARACTERISTICS)
    return figures
