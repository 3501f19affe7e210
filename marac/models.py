from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pgtrigger
from django.conf import settings
from django.db import models
from django_fsm import FSMField, transition

from kidas.db.one_value import day_written, moment_written
from kidas.models import ChoiceLabels
from referrals.risk import MaracReason


class Marac(models.Model):
    """A Multi-Agency Risk Assessment Conference, covering one or more districts."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(unique=True)
    districts = models.ManyToManyField("providers.District", through="MaracCoverage", related_name="maracs")
    meeting_weekday = models.PositiveSmallIntegerField(default=1, help_text="0 = Monday … 6 = Sunday")
    meeting_interval_weeks = models.PositiveSmallIntegerField(default=2)
    case_limit = models.PositiveSmallIntegerField(default=20)
    # The first meeting of the pattern: "every other Tuesday" counts fortnights from here.
    first_meeting_on = models.DateField(default=date(2026, 1, 6))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MaracCoverage(models.Model):
    marac = models.ForeignKey(Marac, on_delete=models.CASCADE)
    # Unique: every district belongs to exactly one MARAC.
    district = models.OneToOneField("providers.District", on_delete=models.PROTECT, related_name="marac_coverage")

    def __str__(self) -> str:
        return f"{self.district} → {self.marac}"


class MaracMembership(models.Model):
    marac = models.ForeignKey(Marac, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marac_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["marac", "user"], name="one_membership_per_marac")]

    def __str__(self) -> str:
        return f"{self.user} in {self.marac}"


def _pair(row: Any, name: str) -> tuple[Any, Any]:
    """A pair the lists read in one subquery (marac.selectors: `reassessment`, `listing`), or two Nones."""
    first, second = row.__dict__.get(name) or (None, None)
    return first, second


class ReassessmentRead:
    """The latest risk assessment after a case was listed (marac.selectors.since_listed, on MARAC cases and agenda
    items): its level and time come in the list's statement as one value, `reassessment`, read here."""

    @property
    def reassessed_level(self) -> str | None:
        level: str | None = _pair(self, "reassessment")[0]
        return level

    @property
    def reassessed_at(self) -> datetime | None:
        return moment_written(_pair(self, "reassessment")[1])


class MaracReferral(ReassessmentRead, ChoiceLabels):
    """A referral listed for a MARAC, waiting to be heard."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="marac_referrals")
    marac = models.ForeignKey(Marac, on_delete=models.PROTECT, related_name="referrals")
    reason = models.CharField(max_length=30, choices=MaracReason.choices)
    yes_count = models.PositiveSmallIntegerField()
    is_repeat = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    heard_on = models.DateField(null=True, blank=True)
    # The pair's last MARAC referral, within the repeat window, that makes this one a repeat (marac.rules.pair_repeat).
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Why the referral came to MARAC, in the words triage and the coordinators read (the repeat rule's), as decided.
    why = models.CharField(max_length=400, blank=True, default="", db_default="")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # A referral waits on at most one MARAC list at a time.
            models.UniqueConstraint(
                fields=["referral"], condition=models.Q(heard_on__isnull=True), name="one_open_marac_referral"
            )
        ]
        indexes = [
            models.Index(fields=["marac", "heard_on", "created_at"]),
            # A MARAC's high-risk list in its order (marac.selectors.high_risk_list): without it the planner read
            # every MARAC's waiting cases through one_open_marac_referral for each page (5 ms at a million).
            models.Index(
                fields=["marac", "created_at", "id"],
                condition=models.Q(heard_on__isnull=True),
                name="marac_waiting_oldest_first",
            ),
        ]
        triggers = [
            # A listed referral is marked in the same statement that lists it, however it is listed (the
            # services, the seeders, SQL by hand), so a coordinator's scope (marac.handlers.on_my_maracs), which
            # walks only marked referrals, can never miss one. Once per statement: a seed lists thousands at once.
            pgtrigger.Trigger(
                name="mark_referral_listed_at_marac",
                operation=pgtrigger.Insert,
                when=pgtrigger.After,
                level=pgtrigger.Statement,
                referencing=pgtrigger.Referencing(new="listed"),
                func=(
                    "UPDATE referrals_referral SET listed_at_marac = true"
                    " WHERE id IN (SELECT referral_id FROM listed) AND NOT listed_at_marac; RETURN NULL;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral} at {self.marac}"

    # The meeting a case on the high-risk list is listed for (marac.selectors.high_risk_rows), and its day: one
    # value in the list's statement, `listing`, read here (both None when it is on no agenda).
    @property
    def listed_meeting_id(self) -> int | None:
        meeting_id: int | None = _pair(self, "listing")[0]
        return meeting_id

    @property
    def listed_for(self) -> date | None:
        return day_written(_pair(self, "listing")[1])


class NoticeKind(models.TextChoices):
    STEP_DOWN = "step_down", "Risk stepped down"
    CLOSURE = "closure", "Case closed"
    WITHDRAWN = "withdrawn", "Referral withdrawn"
    DUPLICATE = "duplicate", "Referral marked as a duplicate"
    TRANSFER = "transfer", "Case transferred to another provider"


class MaracNotice(models.Model):
    """What the coordinators of a MARAC were told about one of its cases by the provider working it
    (a step-down of risk, a closure), so the MARAC decides with what the provider knows."""

    case = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.case}"


class AgencyType(models.TextChoices):
    """The agencies that research a case before a MARAC (domain.md)."""

    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    CHILDRENS_SERVICES = "childrens_services", "Children's services"
    HOUSING = "housing", "Housing"
    IDVA = "idva", "IDVA"
    PROBATION = "probation", "Probation"
    OTHER = "other", "Other"


class AgendaState(models.TextChoices):
    LISTED = "listed", "Listed"
    HEARD = "heard", "Heard"
    MOVED = "moved", "Moved to a later meeting"
    TAKEN_OFF = "taken_off", "Taken off the agenda"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"
    CIRCUMSTANCES_CHANGED = "circumstances_changed", "Circumstances changed"


class MaracMeeting(models.Model):
    """One sitting of a MARAC on a date."""

    marac = models.ForeignKey(Marac, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    # Who chairs this sitting (often a police officer, not a user here): the coordinator names them.
    chair = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["marac", "held_on"], name="one_meeting_per_marac_day")]

    def __str__(self) -> str:
        return f"{self.marac} on {self.held_on:%d %b %Y}"


class AgendaItem(ReassessmentRead, models.Model):
    """A case on a meeting's agenda. Listed, then heard, moved to a later meeting (a new item there), or
    taken off the agenda with a reason (by the coordinator, or because the referral was withdrawn)."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    state = FSMField(default=AgendaState.LISTED, choices=AgendaState.choices, protected=True)
    moved_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    listed_at = models.DateTimeField(auto_now_add=True)
    listed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            # A case sits on at most one agenda at a time.
            models.UniqueConstraint(fields=["case"], condition=models.Q(state="listed"), name="one_listing_per_case")
        ]
        # The database refuses any other change of state, whatever code writes it.
        triggers = [
            pgtrigger.FSM(
                name="agenda_item_state_machine",
                field="state",
                transitions=[
                    (AgendaState.LISTED, AgendaState.HEARD),
                    (AgendaState.LISTED, AgendaState.MOVED),
                    (AgendaState.LISTED, AgendaState.TAKEN_OFF),
                ],
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} on {self.meeting}"

    @transition(field=state, source=AgendaState.LISTED, target=AgendaState.HEARD)
    def hear(self) -> None: ...

    @transition(field=state, source=AgendaState.LISTED, target=AgendaState.MOVED)
    def move(self) -> None: ...

    @transition(field=state, source=AgendaState.LISTED, target=AgendaState.TAKEN_OFF)
    def take_off(self) -> None: ...


class Research(models.Model):
    """What one agency found in its own records about a case, shared before the meeting."""

    case = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="research")
    agency = models.CharField(max_length=30, choices=AgencyType.choices)
    text = models.TextField()
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "agency"]
        verbose_name_plural = "research"
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="one_research_per_agency")]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} research on {self.case}"


class MaracAction(models.Model):
    """An action agreed at a meeting, owned by an agency with a named person and a due date."""

    case = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="marac_actions")
    person = models.CharField(max_length=120)
    description = models.TextField()
    due_on = models.DateField()
    status = FSMField(default=ActionStatus.OPEN, choices=ActionStatus.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status"])]
        triggers = [
            pgtrigger.FSM(
                name="marac_action_status_machine",
                field="status",
                transitions=[
                    (ActionStatus.OPEN, ActionStatus.DONE),
                    (ActionStatus.OPEN, ActionStatus.NOT_DONE),
                    (ActionStatus.OPEN, ActionStatus.CIRCUMSTANCES_CHANGED),
                ],
            )
        ]

    def __str__(self) -> str:
        return f"{self.description[:40]} ({self.owner})"

    @transition(field=status, source=ActionStatus.OPEN, target=ActionStatus.DONE)
    def complete(self) -> None: ...

    @transition(field=status, source=ActionStatus.OPEN, target=ActionStatus.NOT_DONE)
    def mark_not_done(self) -> None: ...

    @transition(field=status, source=ActionStatus.OPEN, target=ActionStatus.CIRCUMSTANCES_CHANGED)
    def mark_circumstances_changed(self) -> None: ...


class MaracActionChange(models.Model):
    """Who changed an action's status, when and why."""

    action = models.ForeignKey(MaracAction, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=30, choices=ActionStatus.choices)
    to_status = models.CharField(max_length=30, choices=ActionStatus.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
