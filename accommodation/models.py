"""Safe accommodation (Domestic Abuse Act 2021, part 4): requests for a refuge place and their outcomes,
and how residents leave a refuge. The refuges and their places are casework's (casework.Refuge)."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

# The children's service (SASS) keeps its models in their own module: imported so Django finds them.
from accommodation import children_service_models  # noqa: F401
from referrals.models import CaseReference


class RefugeRequestState(models.TextChoices):
    REQUESTED = "requested", "Waiting for the refuge's answer"
    ACCEPTED = "accepted", "Accepted"
    NO_CAPACITY = "no_capacity", "No capacity"
    NOT_SUITABLE = "not_suitable", "Not suitable"
    DECLINED = "declined", "Declined by the survivor"


# The refuge's own answers (the survivor's decline is recorded apart).
REFUGE_ANSWERS = [
    (RefugeRequestState.ACCEPTED.value, "Accepted"),
    (RefugeRequestState.NO_CAPACITY.value, "No capacity"),
    (RefugeRequestState.NOT_SUITABLE.value, "Not suitable"),
]


class UnsuitableReason(models.TextChoices):
    NEEDS = "needs", "Needs the refuge cannot meet"
    WHEELCHAIR = "wheelchair", "Needs wheelchair access"
    MEN_ONLY = "men_only", "Men only (or women only)"
    CHILDREN = "children", "Children's number or ages"
    NO_RECOURSE = "no_recourse", "No recourse to public funds"


class RefugeRequest(CaseReference, ConcurrentTransitionMixin, models.Model):
    """A request for a place in a refuge for a survivor's household, and the refuge's answer. Who asked,
    who answered, when and why are kept; the state changes only by its transitions."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="refuge_requests")
    refuge = models.ForeignKey("casework.Refuge", on_delete=models.PROTECT, related_name="requests")
    out_of_area = models.BooleanField(help_text="Ticked: the refuge is outside the survivor's own area.")
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField()
    children_ages = models.CharField(max_length=100, blank=True)
    male_survivor = models.BooleanField()
    needs_wheelchair_access = models.BooleanField()
    needs = models.TextField(blank=True, help_text="Support needs the refuge should know about.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    state = FSMField(default=RefugeRequestState.REQUESTED, choices=RefugeRequestState.choices, protected=True)
    unsuitable_reason = models.CharField(max_length=20, choices=UnsuitableReason.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(adults__gte=1), name="refuge_request_has_an_adult"),
            # "Not suitable" always says why; no other answer carries a reason.
            models.CheckConstraint(
                condition=Q(state="not_suitable", unsuitable_reason__gt="")
                | (~Q(state="not_suitable") & Q(unsuitable_reason="")),
                name="refuge_request_unsuitable_has_a_reason",
            ),
        ]
        indexes = [models.Index(fields=["refuge", "state"], name="refuge_request_waiting")]
        triggers = [
            pgtrigger.FSM(
                name="refuge_request_state_machine",
                field="state",
                transitions=[
                    (RefugeRequestState.REQUESTED, RefugeRequestState.ACCEPTED),
                    (RefugeRequestState.REQUESTED, RefugeRequestState.NO_CAPACITY),
                    (RefugeRequestState.REQUESTED, RefugeRequestState.NOT_SUITABLE),
                    (RefugeRequestState.REQUESTED, RefugeRequestState.DECLINED),
                    (RefugeRequestState.ACCEPTED, RefugeRequestState.DECLINED),
                ],
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral}: {self.refuge} ({self.get_state_display()})"

    @property
    def household_size(self) -> int:
        return self.adults + self.children

    @transition(field=state, source=RefugeRequestState.REQUESTED, target=RefugeRequestState.ACCEPTED)
    def accept(self) -> None: ...

    @transition(field=state, source=RefugeRequestState.REQUESTED, target=RefugeRequestState.NO_CAPACITY)
    def no_capacity(self) -> None: ...

    @transition(field=state, source=RefugeRequestState.REQUESTED, target=RefugeRequestState.NOT_SUITABLE)
    def not_suitable(self) -> None: ...

    @transition(
        field=state,
        source=[RefugeRequestState.REQUESTED, RefugeRequestState.ACCEPTED],
        target=RefugeRequestState.DECLINED,
    )
    def decline(self) -> None: ...


class MoveOnDestination(models.TextChoices):
    SOCIAL_TENANCY = "social_tenancy", "Social housing tenancy"
    PRIVATE_RENTED = "private_rented", "Private rented"
    FAMILY_OR_FRIENDS = "family_or_friends", "Family or friends"
    ANOTHER_REFUGE = "another_refuge", "Another refuge"
    TEMPORARY = "temporary", "Temporary accommodation"
    SECOND_STAGE = "second_stage", "Second-stage or move-on accommodation"
    RETURNED_HOME = "returned_home", "Returned to the home they left"
    UNKNOWN = "unknown", "Not known"


class RefugeLeaving(models.Model):
    """How a resident left a refuge: the end of their refuge stay (casework.SupportEpisode), planned or not,
    and where to. 'Planned move-on from refuge' in the return counts these rows only: refuge leavers."""

    stay = models.OneToOneField("casework.SupportEpisode", on_delete=models.CASCADE, related_name="leaving")
    left_on = models.DateField()
    planned = models.BooleanField()
    destination = models.CharField(max_length=20, choices=MoveOnDestination.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-left_on", "-id"]
        indexes = [models.Index(fields=["left_on"], name="refuge_leaving_day")]

    def __str__(self) -> str:
        return f"{self.stay} left {self.left_on} ({'planned' if self.planned else 'unplanned'})"


# The sanctuary scheme's models live in their own module; imported here so Django registers them.
from accommodation.sanctuary.models import (  # noqa: E402, F401
    SafeAccommodationService,
    SanctuaryMeasure,
    SanctuaryMeasureInstalled,
    SanctuaryMove,
    SanctuaryReferral,
)
