"""Who is told about a clock, and where the message points. Only people who can act on it: every
recipient can open the link through the scoping selectors (referrals_visible_to, or
marac_actions_visible_to for a MARAC action), so nobody receives a reminder that answers 404.

Per stage, reminders ("due soon", "overdue") go to the people doing the work, escalations to
their managers:
- triage: the triage team; escalated to the triage organisation's managers who can open it.
- provider decision: the provider's workers (its managers when it has none); escalated to its managers.
- first contact, safety-plan review: the case's allocated worker (else the provider's workers);
  escalated to the provider's managers.
- MARAC listing: the coordinators of the MARAC the case is referred to (or that covers its district).
- MARAC action: the owning agency's staff and the MARAC's coordinators; escalated to the agency's
  managers and the coordinators.
Those who cannot open the link are taken out; when nobody is left, the administrators (who can open
everything) are told, so nobody is left untold either.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import Role, User
from accounts.selectors import administrator_ids
from sla.maracs import maracs
from sla.models import Clock
from sla.stages import Stage

WORKER_ROLE: dict[str, str] = {Stage.TRIAGE: Role.TRIAGE_WORKER}


def notification_link(clock: Clock) -> str:
    """The page a reminder about this clock opens."""
    if clock.marac_action_id is not None:
        return reverse("marac:action-status", args=[clock.marac_action_id])
    return reverse("referrals:detail", args=[clock.referral_id])


def _active() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def _organisation_staff(organisation_id: int | None, *, escalated: bool, worker_role: str) -> QuerySet[User]:
    if organisation_id is None:
        return User.objects.none()
    staff = _active().filter(organisation_id=organisation_id)
    managers = staff.filter(role=Role.PROVIDER_MANAGER)
    if escalated:
        return managers
    workers = staff.filter(role=worker_role)
    return workers if workers.exists() else managers


def _marac_coordinators(clock: Clock) -> QuerySet[User]:
    marac_id = clock.marac_action.case.marac_id if clock.marac_action is not None else maracs().marac_of(clock.referral)
    if marac_id is None:
        return User.objects.none()
    return maracs().coordinators(marac_id)


def responsible_people(clock: Clock, *, escalated: bool) -> QuerySet[User]:
    """Who should act on the clock, before taking out those who cannot open it."""
    stage = clock.stage
    if stage == Stage.MARAC_LISTING:
        return User.objects.none() if escalated else _marac_coordinators(clock)
    if stage == Stage.MARAC_ACTION:
        action = clock.marac_action
        if action is None:
            raise ValueError(f"Clock {clock.pk} times a MARAC action but names none")
        agency = _active().filter(organisation_id=action.owner_id)
        agency = agency.filter(role=Role.PROVIDER_MANAGER) if escalated else agency
        return (agency | _marac_coordinators(clock)).distinct()
    organisation_id = clock.organisation_id
    if stage == Stage.SAFETY_REVIEW:
        organisation_id = clock.referral.provider_id  # the case may have moved provider since the plan
    if stage in (Stage.FIRST_CONTACT, Stage.SAFETY_REVIEW) and not escalated:
        worker_id = clock.referral.allocated_worker_id
        if worker_id is not None and _active().filter(pk=worker_id).exists():
            return _active().filter(pk=worker_id)
    return _organisation_staff(
        organisation_id, escalated=escalated, worker_role=WORKER_ROLE.get(str(stage), Role.PROVIDER_WORKER)
    )


def recipients(clock: Clock, *, escalated: bool, batch: Batch | None = None) -> list[int]:
    """The ids of the people told: those responsible who can open the link, else the administrators."""
    batch = batch or Batch([clock])
    able = [user.pk for user in batch.people(clock, escalated=escalated) if batch.can_open(user, clock)]
    return able or batch.administrators()


# Stages whose people depend only on the responsible organisation, so one lookup serves a whole batch.
BY_ORGANISATION = frozenset({Stage.TRIAGE, Stage.PROVIDER_DECISION})


class Batch:
    """The sweep's lookups for a batch of clocks: each person's scope is read once for the whole
    batch (referrals_visible_to, marac_actions_visible_to), not once per clock."""

    def __init__(self, clocks: list[Clock]) -> None:
        self.referral_ids = {c.referral_id for c in clocks}
        self.action_ids = {c.marac_action_id for c in clocks if c.marac_action_id is not None}
        self._referrals: dict[int, set[int]] = {}
        self._actions: dict[int, set[int]] = {}
        self._people: dict[tuple[str, int | None, bool], list[User]] = {}
        self._administrators: list[int] | None = None

    def people(self, clock: Clock, *, escalated: bool) -> list[User]:
        if clock.stage not in BY_ORGANISATION:
            return list(responsible_people(clock, escalated=escalated))
        key = (str(clock.stage), clock.organisation_id, escalated)
        if key not in self._people:
            self._people[key] = list(responsible_people(clock, escalated=escalated))
        return self._people[key]

    def can_open(self, user: User, clock: Clock) -> bool:
        if clock.marac_action_id is not None:
            if user.pk not in self._actions:
                self._actions[user.pk] = maracs().actions_visible_to(user, self.action_ids)
            return clock.marac_action_id in self._actions[user.pk]
        if user.pk not in self._referrals:
            from referrals.selectors import referrals_visible_to

            visible_referrals = referrals_visible_to(user).filter(pk__in=self.referral_ids)
            self._referrals[user.pk] = set(visible_referrals.values_list("pk", flat=True))
        return clock.referral_id in self._referrals[user.pk]

    def administrators(self) -> list[int]:
        if self._administrators is None:
            self._administrators = administrator_ids()
        return self._administrators
