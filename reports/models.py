"""Contracts and their funding, and historic referral imports with their progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Contract(models.Model):
    """A commissioned contract: who delivers what, where, for how long, for how much a year."""

    name = models.CharField(max_length=160, unique=True)
    provider = models.ForeignKey(
        "providers.Organisation",
        on_delete=models.PROTECT,
        limit_choices_to={"provides_support": True},
        related_name="contracts",
    )
    area = models.ForeignKey(
        "providers.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
        help_text="Empty: the contract covers the whole county.",
    )
    services = models.ManyToManyField("providers.Service", blank=True, related_name="contracts")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day of the contract.")
    annual_value = models.DecimalField(max_digits=12, decimal_places=2, help_text="£ a year, all partners together.")

    class Meta:
        ordering = ["provider__name", "area__name", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="contract_period"),
            models.CheckConstraint(condition=Q(annual_value__gte=0), name="contract_value_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class FundingContribution(models.Model):
    """One partner's share of a contract's annual value (the county council, a district council,
    the Police and Crime Commissioner, the Home Office ...)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="contributions")
    partner = models.CharField(max_length=160)
    annual_amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["contract", "-annual_amount", "partner"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "partner"], name="one_contribution_per_partner"),
            models.CheckConstraint(condition=Q(annual_amount__gte=0), name="contribution_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: £{self.annual_amount:,.2f}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class ReferralImport(models.Model):
    """One uploaded CSV of historic referrals. The worker writes its progress here (not to the broker),
    so the page reads it from PostgreSQL whatever happens to Redis."""

    file_name = models.CharField(max_length=200)
    content = models.TextField(help_text="The uploaded CSV, as text; emptied when the import has finished.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    already_imported_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, help_text='[{"line": 3, "reason": "..."}]')
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent_done(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return 0 if not self.total_rows else min(100, 100 * self.processed_rows // self.total_rows)

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class ImportedReferral(models.Model):
    """The source system's reference of an imported referral. Unique: importing a row twice adds nothing."""

    source_reference = models.CharField(max_length=100, unique=True)
    referral = models.OneToOneField("referrals.Referral", on_delete=models.CASCADE, related_name="import_record")
    referral_import = models.ForeignKey(ReferralImport, on_delete=models.PROTECT, related_name="rows")
    line = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.source_reference


class MonthFigure(models.Model):
    """One stored row of the return for one past calendar month (London): the same row the live queries
    give for that month, kept so the return reads a few hundred rows instead of every referral. Kind
    "figures" is the whole county's; kind "cell" is one cell's: the referrals of one district (or none)
    with one provider (or none), and their clocks, support, closures and MARAC listings. Any scope (an
    area, a district, a provider, or a provider in an area or district) is a sum of cells. A month's rows
    are written together and used only while the month is not in DirtyMonth."""

    month = models.DateField()
    kind = models.CharField(max_length=20, help_text='"figures": the county\'s; "cell": one district and provider\'s.')
    district = models.ForeignKey(
        "providers.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        "providers.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    row = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["month", "kind"], name="month_figure_month")]

    def __str__(self) -> str:
        return f"{self.month:%b %Y} {self.kind}"


class DirtyMonth(models.Model):
    """A past month whose stored figures are out of date: written by database triggers on the tables the
    return counts (so no write anywhere can forget it), cleared by the sweep when it recomputes the month."""

    month = models.DateField(primary_key=True)
    marked_at = models.DateTimeField(db_default=models.functions.Now())

    def __str__(self) -> str:
        return f"{self.month:%b %Y}"


class EpisodeEntry(models.Model):
    """One support episode as the new-entrants count reads it (reports.selectors.NEW_ENTRANTS_DEFINITION):
    whose it is, when it started, whether it entered her into the service (none of her other episodes, in
    any case and with any provider, started before it and was still running on its first day) and whether
    through a service other than a refuge. A row for every episode, kept by database triggers (migration
    0006) in the same statement as the change: an episode started, ended, moved or deleted, or a referral
    linked to another person, recounts that person's episodes. So the count reads a range of these rows
    instead of asking, for each episode, about every earlier one of hers."""

    episode_id = models.BigIntegerField(primary_key=True)
    referral_id = models.BigIntegerField()
    # The referral's, kept with it by the triggers, so ReportScope.referrals() picks the rows of a scope. Written
    # only by the triggers: no constraint or index of their own to keep.
    district = models.ForeignKey(
        "providers.District",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    provider = models.ForeignKey(
        "providers.Organisation",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    person = models.BigIntegerField(help_text="Her person's id, or minus the referral's id while it has no survivor.")
    started_on = models.DateField()
    is_entry = models.BooleanField()
    community = models.BooleanField(help_text="Through a service other than a refuge.")

    class Meta:
        indexes = [
            models.Index(
                fields=["started_on"],
                include=["person", "community", "district", "provider"],
                condition=Q(is_entry=True),
                name="episode_entry_started",
            )
        ]

    def __str__(self) -> str:
        return f"episode {self.episode_id}: {'entry' if self.is_entry else 'not an entry'}"
