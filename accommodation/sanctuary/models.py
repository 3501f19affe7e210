"""The sanctuary scheme (SAFER): after a property assessment, security measures are installed so a survivor can
stay safely in their own home when the perpetrator does not live there (004 §3.8–3.13). One referral per
household at a time; its state changes only by its transitions, each written as a SanctuaryMove (who, when, why).

And which services count as which kind of safe accommodation (Domestic Abuse Act 2021, part 4), editable."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from referrals.models import CaseReference


class SanctuaryState(models.TextChoices):
    REFERRED = "referred", "Referred"
    ELIGIBLE = "eligible", "Eligibility checked"
    ASSESSED = "assessed", "Property assessed"
    INSTALLED = "installed", "Measures installed"
    COMPLETED = "completed", "Completed"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    DECLINED = "declined", "Declined by the survivor"
    WITHDRAWN = "withdrawn", "Withdrawn"


S = SanctuaryState
OPEN_SANCTUARY_STATES = (S.REFERRED, S.ELIGIBLE, S.ASSESSED, S.INSTALLED)
# The steps, as the trigger enforces them too: (move, sources, target).
SANCTUARY_STEPS: list[tuple[str, tuple[SanctuaryState, ...], SanctuaryState]] = [
    ("check_eligible", (S.REFERRED,), S.ELIGIBLE),
    ("find_not_eligible", (S.REFERRED,), S.NOT_ELIGIBLE),
    ("assess", (S.ELIGIBLE,), S.ASSESSED),
    ("install", (S.ASSESSED,), S.INSTALLED),
    ("complete", (S.INSTALLED,), S.COMPLETED),
    ("decline", (S.REFERRED, S.ELIGIBLE, S.ASSESSED), S.DECLINED),
    ("withdraw", (S.REFERRED, S.ELIGIBLE, S.ASSESSED, S.INSTALLED), S.WITHDRAWN),
]


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Tenure(models.TextChoices):
    OWNER = "owner", "Owner-occupier"
    PRIVATE_TENANT = "private_tenant", "Private tenant"
    SOCIAL_TENANT = "social_tenant", "Social housing tenant"
    NOT_KNOWN = "not_known", "Not known"


class SanctuaryMeasure(models.Model):
    """A security measure the scheme can install (reference data, editable by an administrator)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    in_use = models.BooleanField(default=True, help_text="Untick to stop offering it; installed ones stay on record.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SanctuaryReferral(CaseReference, ConcurrentTransitionMixin, models.Model):
    """A survivor's household referred to the sanctuary scheme, delivered by a provider. Eligibility answers
    stay blank until asked ("" is "not asked"; "not known" is an answer, and neither is eligible)."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="sanctuary_referrals")
    survivor = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sanctuary_referrals")
    provider = models.ForeignKey(
        "providers.Organisation",
        on_delete=models.PROTECT,
        related_name="sanctuary_referrals",
        help_text="The organisation delivering the scheme (assessment and installation).",
    )
    male_survivor = models.BooleanField()
    note = models.TextField(blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(auto_now_add=True)
    state = FSMField(default=S.REFERRED, choices=S.choices, protected=True)

    perpetrator_lives_there = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    tenure = models.CharField(max_length=20, choices=Tenure.choices, blank=True)
    consent = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    eligibility_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)

    assessed_on = models.DateField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment_notes = models.TextField(blank=True)

    installed_on = models.DateField(null=True, blank=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measures = models.ManyToManyField(SanctuaryMeasure, through="SanctuaryMeasureInstalled", related_name="+")

    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Not eligible, declined or withdrawn: why, who, when.
    ended_reason = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_at", "-id"]
        constraints = [
            # One referral to the scheme at a time per case.
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(state__in=[s.value for s in OPEN_SANCTUARY_STATES]),
                name="one_open_sanctuary_referral_per_case",
            ),
            models.CheckConstraint(
                condition=Q(installed_on__isnull=True) | Q(installed_on__gte=models.F("assessed_on")),
                name="sanctuary_installed_after_assessment",
            ),
        ]
        indexes = [models.Index(fields=["provider", "state"], name="sanctuary_by_provider")]
        triggers = [
            pgtrigger.FSM(
                name="sanctuary_referral_state_machine",
                field="state",
                transitions=[(source, target) for _, sources, target in SANCTUARY_STEPS for source in sources],
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral}: sanctuary scheme ({self.get_state_display()})"

    @property
    def one_visit(self) -> bool | None:
        """Assessment and installation in one visit: both done, on the same day. None until installed."""
        if self.installed_on is None or self.assessed_on is None:
            return None
        return self.installed_on == self.assessed_on

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_SANCTUARY_STATES

    @transition(field=state, source=S.REFERRED, target=S.ELIGIBLE)
    def check_eligible(self) -> None: ...

    @transition(field=state, source=S.REFERRED, target=S.NOT_ELIGIBLE)
    def find_not_eligible(self) -> None: ...

    @transition(field=state, source=S.ELIGIBLE, target=S.ASSESSED)
    def assess(self) -> None: ...

    @transition(field=state, source=S.ASSESSED, target=S.INSTALLED)
    def install(self) -> None: ...

    @transition(field=state, source=S.INSTALLED, target=S.COMPLETED)
    def complete(self) -> None: ...

    @transition(field=state, source=[S.REFERRED, S.ELIGIBLE, S.ASSESSED], target=S.DECLINED)
    def decline(self) -> None: ...

    @transition(field=state, source=[S.REFERRED, S.ELIGIBLE, S.ASSESSED, S.INSTALLED], target=S.WITHDRAWN)
    def withdraw(self) -> None: ...


class SanctuaryMeasureInstalled(models.Model):
    sanctuary_referral = models.ForeignKey(SanctuaryReferral, on_delete=models.CASCADE, related_name="installed")
    measure = models.ForeignKey(SanctuaryMeasure, on_delete=models.PROTECT, related_name="+")
    installed_on = models.DateField()

    class Meta:
        ordering = ["sanctuary_referral", "measure__name"]
        constraints = [
            models.UniqueConstraint(fields=["sanctuary_referral", "measure"], name="sanctuary_measure_once"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} ({self.installed_on})"


class SanctuaryMove(models.Model):
    """Who moved a sanctuary referral, when, from what to what, and why."""

    sanctuary_referral = models.ForeignKey(SanctuaryReferral, on_delete=models.CASCADE, related_name="moves")
    move = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=S.choices, blank=True)  # blank: the referral itself
    to_state = models.CharField(max_length=20, choices=S.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    why = models.TextField(blank=True)

    class Meta:
        ordering = ["sanctuary_referral", "at", "id"]

    def __str__(self) -> str:
        return f"{self.sanctuary_referral_id}: {self.from_state} → {self.to_state}"


class SafeAccommodationKind(models.TextChoices):
    """The kinds of safe accommodation under the Domestic Abuse Act 2021 (domain.md)."""

    REFUGE = "refuge", "Refuge"
    SANCTUARY = "sanctuary", "Sanctuary"
    MOVE_ON = "move_on", "Secondary or move-on"
    SPECIALIST = "specialist", "Specialist"


class SafeAccommodationService(models.Model):
    """Which service counts as which kind of safe accommodation in the figures (editable; a service not listed
    is not safe accommodation)."""

    service = models.OneToOneField("providers.Service", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SafeAccommodationKind.choices)

    class Meta:
        ordering = ["kind", "service__name"]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_kind_display()}"
