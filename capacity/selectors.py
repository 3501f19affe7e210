"""Reads for the gauges and the MARAC dataset: one MARAC, a period and the same period last year, in a
fixed number of queries whatever the number of cases (districts, cases heard, their perpetrators,
referral counts, posts, populations). The figures themselves are the pure functions of capacity.gauges and
capacity.dataset.

Definitions beyond capacity.dataset's (where the issue leaves a choice, the choice is written here):
- the MARAC's area is the districts it covers (marac.MaracCoverage);
- IDVA referrals: referrals received in the period (London time) from the MARAC's districts, not
  duplicates, at high risk and referred on to a provider (high-risk referrals are the IDVAs');
- outreach demand: referrals received in the period from the MARAC's districts, not duplicates, routed to
  an outreach service;
- imported: a period whose referrals from the MARAC's districts all came from an import of historic
  records has no MARAC hearings recorded: its cases read "not recorded"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from capacity.dataset import CaseRow, DatasetFigures, dataset_figures
from capacity.gauges import PopulationRow, PostRow
from capacity.models import DistrictPopulation, Post
from kidas.db.replica import replica_reads
from marac.models import Marac, MaracCoverage, MaracReferral
from monitoring.marac_dataset import marac_victim_counts
from referrals.models import LivesInHousehold, Referral, ReferralChild, ReferralPerpetrator
from referrals.risk import RiskLevel
from referrals.states import State
from reports.periods import Period

OUTREACH_SERVICES = ("outreach",)


@dataclass
class MaracPeriod:
    """One MARAC's inputs for one period."""

    period: Period
    figures: DatasetFigures = field(default_factory=DatasetFigures)
    received: int = 0
    imported: int = 0
    idva_referrals: int = 0
    outreach_referrals: int = 0

    @property
    def only_imported(self) -> bool:
        """Every referral of the period from the MARAC's districts came from an import: no hearing recorded."""
        return self.received > 0 and self.imported == self.received


@dataclass
class MaracInputs:
    marac: Marac
    district_ids: list[int]
    this: MaracPeriod
    last: MaracPeriod
    posts: list[PostRow]
    populations: list[PopulationRow]


def _heard_in(period: Period) -> Q:
    return Q(heard_on__gte=period.start, heard_on__lt=period.end)


def _received_in(period: Period) -> Q:
    return Q(received_at__gte=period.starts_at, received_at__lt=period.ends_at)


@replica_reads()
def marac_inputs(marac: Marac, period: Period, *, today: date | None = None) -> MaracInputs:
    today = today or timezone.localdate()
    last = period.same_period_last_year()
    this_inputs, last_inputs = MaracPeriod(period), MaracPeriod(last)
    district_ids = list(MaracCoverage.objects.filter(marac=marac).values_list("district_id", flat=True))

    in_household = (
        ReferralChild.objects.filter(referral_id=OuterRef("referral_id"))
        .exclude(lives_in_household=LivesInHousehold.NO)
        .values("referral_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    heard = MaracReferral.objects.filter(_heard_in(period) | _heard_in(last), marac=marac, heard_on__lte=today)
    cases = list(
        heard.annotate(children=Coalesce(Subquery(in_household, output_field=IntegerField()), 0)).values_list(
            "referral_id", "heard_on", "is_repeat", "referral__source", "referral__date_of_birth", "children"
        )
    )
    born: dict[int, list[date | None]] = {}
    # The cases' perpetrators found by the database (a list of two thousand ids took psycopg 10 ms to parse),
    # unordered (the model's order, by the referral's date, joined every referral only to sort them).
    for referral_id, person_born in (
        ReferralPerpetrator.objects.filter(referral_id__in=heard.values("referral_id"))
        .order_by()
        .values_list("referral_id", "person__date_of_birth")
    ):
        born.setdefault(referral_id, []).append(person_born)
    for inputs in (this_inputs, last_inputs):
        p = inputs.period
        mine = [c for c in cases if c[1] is not None and p.start <= c[1] < p.end]
        rows = [
            CaseRow(heard_on, is_repeat, source, victim_born, children, tuple(born.get(referral_id, ())))
            for referral_id, heard_on, is_repeat, source, victim_born, children in mine
            if heard_on is not None
        ]
        victims = marac_victim_counts(marac.pk, p.start, min(p.end, today + timedelta(days=1)), heard=True)
        inputs.figures = dataset_figures(rows, as_of=today, equality=victims)

    idva = Q(risk_level=RiskLevel.HIGH, provider__isnull=False)
    outreach = Q(service__slug__in=OUTREACH_SERVICES)
    imported = Q(import_record__isnull=False)
    counts = (
        Referral.objects.filter(_received_in(period) | _received_in(last), district_id__in=district_ids)
        .exclude(state=State.DUPLICATE)
        .aggregate(
            this_received=Count("pk", filter=_received_in(period)),
            this_imported=Count("pk", filter=_received_in(period) & imported),
            this_idva=Count("pk", filter=_received_in(period) & idva),
            this_outreach=Count("pk", filter=_received_in(period) & outreach),
            last_received=Count("pk", filter=_received_in(last)),
            last_imported=Count("pk", filter=_received_in(last) & imported),
            last_idva=Count("pk", filter=_received_in(last) & idva),
            last_outreach=Count("pk", filter=_received_in(last) & outreach),
        )
    )
    for inputs, prefix in ((this_inputs, "this"), (last_inputs, "last")):
        inputs.received = counts[f"{prefix}_received"]
        inputs.imported = counts[f"{prefix}_imported"]
        inputs.idva_referrals = counts[f"{prefix}_idva"]
        inputs.outreach_referrals = counts[f"{prefix}_outreach"]

    posts = [
        PostRow(role, fte, valid_from, valid_to, is_demo)
        for role, fte, valid_from, valid_to, is_demo in Post.objects.filter(marac=marac, valid_from__lt=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=last.start))
        .values_list("role", "fte", "valid_from", "valid_to", "is_demo")
    ]
    populations = [
        PopulationRow(district_id, year, women, is_demo)
        for district_id, year, women, is_demo in DistrictPopulation.objects.filter(
            district_id__in=district_ids, year__lte=period.start.year
        ).values_list("district_id", "year", "women_16_plus", "is_demo")
    ]
    return MaracInputs(marac, district_ids, this_inputs, last_inputs, posts, populations)
