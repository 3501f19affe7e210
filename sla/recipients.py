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
Whoever is left when those who cannot open it are taken out: the administrators (who can open
everything), so nobody is left untold either.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse

from accounts.models import Role, User
from sla.models import Clock
from sla.stages import Stage

WORKER_ROLE: dict[str, str] = {Stage.TRIAGE: Role.TRIAGE_WORKER}


def notification_link(clock: Clock) -> str:
    """The page a reminder about this clock opens."""
    if clock.marac_action_id is not None:
        return reverse("marac:action-status", args=[clock.marac_action_id])
    return reverse("referrals:detail", args=[clock.referral_id])


def can_open(user: User, clock: Clock) -> bool:
    """May `user` open the clock's link (the same selectors as the page itself)."""
    if clock.marac_action_id is not None:
        from marac.selectors import marac_actions_visible_to

        return marac_actions_visible_to(user).filter(pk=clock.marac_action_id).exists()
    from referrals.selectors import referrals_visible_to

    return referrals_visible_to(user).filter(pk=clock.referral_id).exists()


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
    from marac.models import MaracReferral
    from marac.services import marac_for_referral

    marac_id: int | None
    if clock.marac_action is not None:
        marac_id = clock.marac_action.case.marac_id
    else:
        open_case = MaracReferral.objects.filter(referral_id=clock.referral_id, heard_on__isnull=True).first()
        coverage = marac_for_referral(clock.referral)
        marac_id = open_case.marac_id if open_case else (coverage.marac_id if coverage else None)
    if marac_id is None:
        return User.objects.none()
    return _active().filter(role=Role.MARAC_COORDINATOR, marac_memberships__marac_id=marac_id)


def responsible_people(clock: Clock, *, escalated: bool) -> QuerySet[User]:
    """Who should act on the clock, before taking out those who cannot open it."""
    stage = clock.stage
    if stage == Stage.MARAC_LISTING:
        return User.objects.none() if escalated else _marac_coordinators(clock)
    if stage == Stage.MARAC_ACTION:
        action = clock.marac_action
        assert action is not None
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


def administrators() -> list[int]:
    return list(_active().filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True)).values_list("pk", flat=True))


def recipients(clock: Clock, *, escalated: bool) -> list[int]:
    """The ids of the people told: those responsible who can open the link, else the administrators."""
    able = [user.pk for user in responsible_people(clock, escalated=escalated) if can_open(user, clock)]
    return able or administrators()
