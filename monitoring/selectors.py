"""Reads: a referral's equality monitoring for whoever may see it, a case's pathways, and the pathway figures
of the return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

from accounts.models import User
from kidas.errors import NotPermitted
from monitoring import categories as c
from monitoring.models import Engagement, EqualityMonitoring, Hospital, Pathway, ReferralPathway
from referrals.models import Referral
from referrals.policies import may_see_equality
from referrals.selectors import referral_get_for_user
from referrals.states import State

EQUALITY_HIDDEN = (
    "Equality monitoring is seen only by the case's own provider, and by triage while it holds the referral."
)


def equality_get_for_user(user: User, referral_id: int) -> tuple[Referral, EqualityMonitoring | None]:
    """The referral (out of scope: 404) and its equality monitoring (None: not recorded yet); 403 for anyone
    in scope who may not see it (referrals.policies.may_see_equality)."""
    referral = referral_get_for_user(user, referral_id)
    if not may_see_equality(user, referral):
        raise NotPermitted(EQUALITY_HIDDEN)
    return referral, EqualityMonitoring.objects.filter(referral=referral).first()


def pathways_of(referral: Referral) -> QuerySet[ReferralPathway]:
    return ReferralPathway.objects.filter(referral=referral).select_related("pathway", "hospital")


def pathways_in_use() -> QuerySet[Pathway]:
    return Pathway.objects.filter(in_use=True)


def hospitals_in_use() -> QuerySet[Hospital]:
    return Hospital.objects.filter(in_use=True)


# ---------------------------------------------------------------- the return's pathway figures

PATHWAY_DEFINITION = (
    "Referrals on each pathway whose referral to the pathway fell in the period (London dates), and how many "
    "engaged: directly with the pathway's worker, or through other staff (for a hospital IDVA, NHS staff). The "
    "engagement rate is those engaged over those whose engagement is recorded; referrals not yet recorded are "
    "shown apart, never counted as not engaged."
)


@dataclass
class PathwayFigures:
    name: str
    referrals: int = 0
    directly: int = 0
    through_staff: int = 0
    not_engaged: int = 0
    by_hospital: dict[str, int] = field(default_factory=dict)

    @property
    def engaged(self) -> int:
        return self.directly + self.through_staff

    @property
    def recorded(self) -> int:
        return self.engaged + self.not_engaged

    @property
    def not_recorded(self) -> int:
        return self.referrals - self.recorded


def pathway_figures(start: date, end: date, referrals: Q) -> list[PathwayFigures]:
    """Every pathway in use (and any other with referrals in the period), in order, for referrals to the
    pathway on days start ≤ day < end; `referrals` narrows to the scope (a Q on ReferralPathway through
    "referral__"). One query."""
    rows = (
        ReferralPathway.objects.filter(referrals, referred_on__gte=start, referred_on__lt=end)
        .values("pathway_id", "engagement", "hospital__name")
        .annotate(n=Count("*"))
        .order_by()
    )
    figures = {p.pk: PathwayFigures(p.name) for p in Pathway.objects.filter(in_use=True)}
    missing = {row["pathway_id"] for row in rows} - set(figures)
    for p in Pathway.objects.filter(pk__in=missing) if missing else []:
        figures[p.pk] = PathwayFigures(p.name)
    for row in rows:
        f = figures[row["pathway_id"]]
        f.referrals += row["n"]
        if row["engagement"] == Engagement.DIRECTLY:
            f.directly += row["n"]
        elif row["engagement"] == Engagement.THROUGH_STAFF:
            f.through_staff += row["n"]
        elif row["engagement"] == Engagement.NOT_ENGAGED:
            f.not_engaged += row["n"]
        if row["hospital__name"]:
            f.by_hospital[row["hospital__name"]] = f.by_hospital.get(row["hospital__name"], 0) + row["n"]
    return list(figures.values())


# ---------------------------------------------------------------- the return's equality figures

EQUALITY_DEFINITION = (
    "Referrals received in the period (London time, not counting duplicates), by the survivor's equality "
    "monitoring as recorded on each referral. 'Not asked' is a referral where the question was not asked; "
    "'Prefer not to say' is an answer. The age band is the survivor's age on the day the referral was received, "
    "from the date of birth on the referral."
)
AGE_FIELD = "age_band"
# The survivor's age in whole years on the day received (London): computed in the database so the rows can be
# grouped by age rather than by date of birth.
_AGE = RawSQL(
    "date_part('year', age((referrals_referral.received_at AT TIME ZONE 'Europe/London')::date, "
    "referrals_referral.date_of_birth))::int",
    (),
    output_field=IntegerField(),
)


Equality = dict[str, dict[str, int]]  # question (or AGE_FIELD) -> answer (or age band) -> referrals


def equality_figures(starts_at: datetime, ends_at: datetime, referrals: Q) -> Equality:
    """For each question (and the age band), the number of referrals received in [starts_at, ends_at) in scope
    (`referrals`, a Q on Referral) by answer ("" = not asked). One query, grouped by the answers and the age."""
    return equality_figures_by_cell(starts_at, ends_at, referrals, cells=False)[(None, None)]


def equality_figures_by_cell(
    starts_at: datetime, ends_at: datetime, referrals: Q, *, cells: bool = True
) -> dict[tuple[int | None, int | None], Equality]:
    """`equality_figures` for each (district id, provider id) of the referrals, in one query, as the reports'
    stored months keep them per cell (reports.summary); with cells=False, all of them under (None, None)."""
    answers = [f"equality__{field}" for field in c.QUESTION_FIELDS]
    by_cell = {"cell_district": F("district_id"), "cell_provider": F("provider_id")} if cells else {}
    rows = (
        Referral.objects.filter(referrals, received_at__gte=starts_at, received_at__lt=ends_at)
        .exclude(state=State.DUPLICATE)
        .annotate(age=_AGE)
        .values("age", *answers, **by_cell)
        .annotate(n=Count("*"))
        .order_by()
    )

    def empty() -> Equality:
        return {field: {} for field in (*c.QUESTION_FIELDS, AGE_FIELD)}

    figures: dict[tuple[int | None, int | None], Equality] = {} if cells else {(None, None): empty()}
    for row in rows:
        cell = (row["cell_district"], row["cell_provider"]) if cells else (None, None)
        counts = figures.setdefault(cell, empty())
        n = row["n"]
        for question in c.QUESTION_FIELDS:
            value = row[f"equality__{question}"] or c.NOT_ASKED
            counts[question][value] = counts[question].get(value, 0) + n
        band = c.band_of_age(row["age"])
        counts[AGE_FIELD][band] = counts[AGE_FIELD].get(band, 0) + n
    return figures


def equality_add(into: Equality, more: Equality) -> None:
    """Add one set of equality figures (a stored month's, a cell's) into another."""
    for question, answers in more.items():
        counts = into.setdefault(question, {})
        for answer, n in answers.items():
            counts[answer] = counts.get(answer, 0) + n
