"""Who may do what: every permission rule of the pages and the API, once, as named functions. In the
referrals layer: the case rules read the referral states (referrals.states).

Pure: no database. A policy reads the user's role and organisation and, for a case, the referral's
provider and state. Which records a user may see at all is the scoped querysets' job
(referrals.selectors.referrals_visible_to, ...): out of scope is 404 before any policy is asked.
Table-driven tests in tests/accounts/test_policies.py; the menu and the URL permission map
(config.permissions) are built from these.
"""

from __future__ import annotations

from typing import Any, Protocol

from accounts.models import Role
from referrals.states import OPEN_CASE_STATES, TRIAGE_QUEUE_STATES, State


class Case(Protocol):
    provider_id: int | None
    state: str


def _active(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def _administrator(user: Any) -> bool:
    return user.role == Role.ADMINISTRATOR or bool(getattr(user, "is_superuser", False))


def _provider_staff(user: Any) -> bool:
    return user.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER)


# ------------------------------------------------------------------ by role: pages that name no record


def is_administrator(user: Any) -> bool:
    return _active(user) and _administrator(user)


def may_use_triage_queue(user: Any) -> bool:
    return _active(user) and (user.role == Role.TRIAGE_WORKER or _administrator(user))


def may_use_caseload(user: Any) -> bool:
    """The inbox, the caseload and the refuge places: provider staff and administrators."""
    return _active(user) and (_provider_staff(user) or _administrator(user))


def may_list_step_downs(user: Any) -> bool:
    return _active(user) and user.role == Role.PROVIDER_MANAGER


def may_see_refuge_places(user: Any) -> bool:
    """The refuge board: provider staff (their own refuges), triage and administrators (all)."""
    return _active(user) and (_provider_staff(user) or user.role == Role.TRIAGE_WORKER or _administrator(user))


def is_partner(user: Any) -> bool:
    """Staff of a partner agency, who refer for their organisation (so they must have one)."""
    return _active(user) and user.role == Role.PARTNER_USER and user.organisation_id is not None


def may_list_referrals(user: Any) -> bool:
    """Everyone signed in but partners, who see their own referrals' coarse status instead."""
    return _active(user) and user.role != Role.PARTNER_USER


def may_use_marac(user: Any) -> bool:
    return _active(user) and (user.role in (Role.MARAC_COORDINATOR, Role.PARTNER_USER) or _administrator(user))


def is_marac_coordinator(user: Any) -> bool:
    """Coordinators (and administrators) run MARACs; which ones is marac.selectors.may_coordinate_marac."""
    return _active(user) and (user.role == Role.MARAC_COORDINATOR or _administrator(user))


def may_see_breaches(user: Any) -> bool:
    return _active(user) and (_administrator(user) or user.role in (Role.TRIAGE_WORKER, Role.PROVIDER_MANAGER))


def may_see_reports(user: Any) -> bool:
    if not _active(user):
        return False
    if _administrator(user) or user.role == Role.COMMISSIONER:
        return True
    return user.role == Role.PROVIDER_MANAGER and user.organisation_id is not None


def may_see_marac_dataset(user: Any) -> bool:
    """The MARAC dataset and the capacity gauges: commissioners (every MARAC, small numbers protected),
    MARAC coordinators (their own MARACs: capacity.access) and administrators."""
    return _active(user) and (_administrator(user) or user.role in (Role.COMMISSIONER, Role.MARAC_COORDINATOR))


def may_edit_capacity(user: Any) -> bool:
    """Posts and district populations (the reference data the gauges are built on): commissioners and
    administrators."""
    return _active(user) and (_administrator(user) or user.role == Role.COMMISSIONER)


def may_import(user: Any) -> bool:
    """Imports write person-level records, which commissioners never hold: administrators only."""
    return is_administrator(user)


# ------------------------------------------------------------------ by case


def is_own_providers_case(user: Any, referral: Case) -> bool:
    """The referral was routed to the user's own organisation."""
    return user.organisation_id is not None and referral.provider_id == user.organisation_id


def may_act_for_provider(user: Any, referral: Case) -> bool:
    """Accept, decline, start support: the provider the referral was routed to (or an administrator)."""
    return _active(user) and (_administrator(user) or is_own_providers_case(user, referral))


def may_work_case(user: Any, referral: Case) -> bool:
    """Contact attempts, notes, services, safety plans...: the supporting provider's staff (or an administrator)."""
    return _active(user) and (_administrator(user) or (_provider_staff(user) and is_own_providers_case(user, referral)))


def may_use_case_tools(user: Any, referral: Case) -> bool:
    """The case tools are offered while the case is open, to those who may work on it."""
    return may_work_case(user, referral) and referral.state in OPEN_CASE_STATES


def may_see_case_trail(user: Any, referral: Case) -> bool:
    return _active(user) and (
        _administrator(user) or (user.role == Role.PROVIDER_MANAGER and is_own_providers_case(user, referral))
    )


def may_decide_step_down(user: Any, referral: Case) -> bool:
    """A provider manager of the case's own organisation (the requester is refused separately)."""
    return _active(user) and user.role == Role.PROVIDER_MANAGER and is_own_providers_case(user, referral)


def may_see_restricted(user: Any, referral: Case) -> bool:
    """The safe-contact details and address: triage while triage holds the referral; the supporting
    provider's staff while the case is open. Nobody else, administrators included."""
    if not _active(user):
        return False
    if user.role == Role.TRIAGE_WORKER:
        return referral.state in TRIAGE_QUEUE_STATES
    return _provider_staff(user) and is_own_providers_case(user, referral) and referral.state in OPEN_CASE_STATES


def may_confirm_safe_contact(user: Any, referral: Case) -> bool:
    """Answer whether safe-contact details carried over from her earlier referral are still safe: whoever
    may see them (and so reach her with them), nobody else."""
    return may_see_restricted(user, referral)


def may_correct(user: Any, referral: Case) -> bool:
    """Administrators; triage while the referral is with triage; the supporting provider's staff while open."""
    if _active(user) and _administrator(user):
        return True
    return may_see_restricted(user, referral)


# ------------------------------------------------------------------ safe accommodation (accommodation app)


def may_use_vacancy_board(user: Any) -> bool:
    """Today's free refuge places across all refuges: triage, provider staff (to refer out of area) and
    administrators. The board shows no address."""
    return _active(user) and (user.role == Role.TRIAGE_WORKER or _provider_staff(user) or _administrator(user))


def may_request_refuge_place(user: Any, referral: Case) -> bool:
    """Ask a refuge for a place: triage, the case's own provider staff, administrators."""
    return _active(user) and (user.role == Role.TRIAGE_WORKER or may_work_case(user, referral))


def may_answer_refuge_request(user: Any, refuge_provider_id: int) -> bool:
    """Accept, or say no capacity or not suitable: the refuge's own provider staff (or an administrator)."""
    return _active(user) and (
        _administrator(user) or (_provider_staff(user) and user.organisation_id == refuge_provider_id)
    )


# ------------------------------------------------------------------ the waiting list (waiting app)


def may_use_waiting_list(user: Any) -> bool:
    """The waiting list page: provider staff (their own provider's), triage (to see who waits where) and
    administrators."""
    return _active(user) and (_provider_staff(user) or user.role == Role.TRIAGE_WORKER or _administrator(user))


def may_manage_waiting(user: Any, referral: Case) -> bool:
    """Put a referral on the list, set its priority, take it on or withdraw it: the staff of the provider it
    was routed to (or an administrator)."""
    return may_work_case(user, referral)


def may_mark_capacity(user: Any) -> bool:
    """Mark a service at capacity, or open it again: a provider manager (their own provider's) or an
    administrator."""
    return _active(user) and (
        _administrator(user) or (user.role == Role.PROVIDER_MANAGER and user.organisation_id is not None)
    )


# ------------------------------------------------------------------ monitoring (monitoring app)


def may_see_equality(user: Any, referral: Case) -> bool:
    """The survivor's equality monitoring: triage while triage holds the referral (it may record it with her),
    and the staff of the case's own provider once the provider has it (any state it holds it in, closed
    included). Nobody else sees it at record level: not MARAC coordinators or partner agencies, not
    commissioners (they see figures only, suppressed), not another provider, not administrators on the
    ordinary pages."""
    if not _active(user):
        return False
    if user.role == Role.TRIAGE_WORKER:
        return referral.state in TRIAGE_QUEUE_STATES
    return _provider_staff(user) and is_own_providers_case(user, referral)


def may_record_equality(user: Any, referral: Case) -> bool:
    """Record or change it: triage while triage holds the referral; the case's own provider staff while the case
    is open, or once closed (monitoring is often completed at closure)."""
    if not may_see_equality(user, referral):
        return False
    if user.role == Role.TRIAGE_WORKER:
        return True
    return referral.state in (*OPEN_CASE_STATES, State.CLOSED)


def may_record_pathway(user: Any, referral: Case) -> bool:
    """A case's pathways and the survivor's engagement: the case's own provider staff. Not administrators on the
    ordinary pages: a specialist pathway (male victims, LGBT victims, complex needs) says as much as her equality
    monitoring does."""
    return _active(user) and _provider_staff(user) and is_own_providers_case(user, referral)
