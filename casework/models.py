"""What a provider does with a case: contact attempts, notes, support, safety plans, transfers, closure,
and the refuge places it runs."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django_fsm import FSMField, transition

from casework.contact import Method, Outcome
from kidas.fsm import ConcurrentTransitions
from referrals.risk import RiskLevel


class ContactAttempt(models.Model):
    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="contact_attempts")
    method = models.CharField(max_length=20, choices=Method.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    attempted_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    outside_safe_times_reason = models.TextField(
        blank=True, help_text="Why contact was made outside the safe times the referral records (empty: inside)."
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-attempted_at", "-id"]
        indexes = [models.Index(fields=["referral", "attempted_at"])]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_outcome_display()}"


class CaseNote(models.Model):
    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="case_notes")
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class Refuge(models.Model):
    """A refuge run by a provider. Its address is confidential and never shown outside the provider."""

    provider = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="refuges")
    name = models.CharField(max_length=120, unique=True)
    confidential_address = models.TextField(blank=True)
    men_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RefugePlace(models.Model):
    refuge = models.ForeignKey(Refuge, on_delete=models.CASCADE, related_name="places")
    label = models.CharField(max_length=40)
    in_use = models.BooleanField(default=True, help_text="Unticked: the bed is out of use and not counted.")
    # Reports of a past period count the places that existed then, not today's.
    available_from = models.DateField(
        null=True, blank=True, help_text="The first night the place could be let. Empty: since before any record."
    )
    available_until = models.DateField(
        null=True, blank=True, help_text="The last night the place could be let. Empty: still available."
    )
    # Suitability: which households the place can take (the vacancy board, accommodation.vacancies).
    wheelchair_accessible = models.BooleanField(default=False)
    children_allowed = models.BooleanField(default=True)
    family_room = models.BooleanField(default=False, help_text="Ticked: room for a parent and two or more children.")

    class Meta:
        ordering = ["refuge__name", "label"]
        constraints = [
            models.UniqueConstraint(fields=["refuge", "label"], name="refuge_place_label"),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="refuge_place_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.refuge}, {self.label}"


class SupportEpisode(models.Model):
    """One service delivered to a case, from its start to its end."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="support_episodes")
    service = models.ForeignKey("providers.Service", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    refuge_place = models.ForeignKey(RefugePlace, null=True, blank=True, on_delete=models.PROTECT, related_name="stays")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")), name="episode_period"
            ),
            # Two people can never hold the same bed on the same night, whatever writes the row.
            ExclusionConstraint(
                name="one_stay_per_place_per_night",
                expressions=[
                    ("refuge_place", RangeOperators.EQUAL),
                    (
                        Func("started_on", "ended_on", function="daterange", output_field=DateRangeField()),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(refuge_place__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} from {self.started_on}"


class SafetyPlan(models.Model):
    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="safety_plans")
    summary = models.TextField()
    review_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["referral", "-at"])]

    def __str__(self) -> str:
        return f"Safety plan, review {self.review_on}"


class Transfer(models.Model):
    class Kind(models.TextChoices):
        STEP_UP = "step_up", "Stepped up by reassessment"
        MANUAL = "manual", "Transferred by a worker"

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="transfers")
    from_provider = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="+")
    to_provider = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_provider} → {self.to_provider}"


class ClosureReason(models.TextChoices):
    SUPPORT_COMPLETED = "support_completed", "Support completed"
    CLIENT_DISENGAGED = "client_disengaged", "Client disengaged"
    MOVED_OUT_OF_AREA = "moved_out_of_area", "Moved out of area"
    NO_CONTACT = "no_contact", "No contact after repeated attempts"
    OTHER = "other", "Other"


class OutcomeAnswer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_ASKED = "not_asked", "Not asked"


# The outcome measures commissioners monitor (domain.md), asked of the client at closure.
OUTCOME_MEASURES = {
    "cessation_of_abuse": "Has the abuse stopped?",
    "reduction_in_risk": "Has the risk reduced?",
    "feeling_safe": "Do you feel safer?",
    "wellbeing": "Has your physical and emotional wellbeing improved?",
    "planned_move_on": "Did you have a planned move on from refuge?",
    "economic_wellbeing": "Has your economic wellbeing improved?",
    "financial_stability": "Are you more financially stable?",
    "quality_of_life": "Has your quality of life improved?",
}
# The same measures as a closure summary and the reports name them.
OUTCOME_LABELS = {
    "cessation_of_abuse": "Cessation of abuse",
    "reduction_in_risk": "Reduction in risk",
    "feeling_safe": "Feeling safe",
    "wellbeing": "Optimised physical and emotional wellbeing",
    "planned_move_on": "Planned move on from refuge",
    "economic_wellbeing": "Optimised economic wellbeing",
    "financial_stability": "Economic and financial stability",
    "quality_of_life": "Improved quality of life",
}


class Closure(models.Model):
    referral = models.OneToOneField("referrals.Referral", on_delete=models.CASCADE, related_name="closure")
    reason = models.CharField(max_length=30, choices=ClosureReason.choices)
    outcomes = models.JSONField(help_text="Outcome measure → yes / no / not_asked")
    notes = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Closed: {self.get_reason_display()}"


class StepDownState(models.TextChoices):
    PENDING = "pending", "Waiting for a manager's approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StepDown(ConcurrentTransitions, models.Model):
    """A reassessment that would lower a case's risk level. The case keeps its level until a manager of
    its provider (not the person who asked) approves; who asked, who decided, when and why are kept."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="step_downs")
    assessment = models.ForeignKey("referrals.RiskAssessment", on_delete=models.PROTECT, related_name="+")
    from_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    to_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    reason = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    state = FSMField(default=StepDownState.PENDING, choices=StepDownState.choices, protected=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # A case waits on at most one step-down at a time.
            models.UniqueConstraint(
                fields=["referral"], condition=Q(state="pending"), name="one_pending_step_down_per_case"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="step_down_has_a_reason"),
        ]
        indexes = [models.Index(fields=["state", "requested_at"], name="step_down_waiting")]
        # The database refuses any other change of state, whatever code writes it.
        triggers = [
            pgtrigger.FSM(
                name="step_down_state_machine",
                field="state",
                transitions=[
                    (StepDownState.PENDING, StepDownState.APPROVED),
                    (StepDownState.PENDING, StepDownState.REFUSED),
                    (StepDownState.PENDING, StepDownState.WITHDRAWN),
                ],
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral}: {self.from_level} → {self.to_level} ({self.state})"

    @transition(field=state, source=StepDownState.PENDING, target=StepDownState.APPROVED)
    def approve(self) -> None: ...

    @transition(field=state, source=StepDownState.PENDING, target=StepDownState.REFUSED)
    def refuse(self) -> None: ...

    @transition(field=state, source=StepDownState.PENDING, target=StepDownState.WITHDRAWN)
    def withdraw(self) -> None: ...


class NewReferralForOpenCase(models.Model):
    """A new referral for the survivor of an open case: linked to the case once, when its worker and the
    provider's managers were told and prompted to reassess (casework.open_cases.open_case_hears_of_referral)."""

    case = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="new_referral_links")
    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="open_case_links")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-linked_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "referral"], name="one_link_per_case_and_referral")]

    def __str__(self) -> str:
        return f"{self.referral} for open case {self.case}"
