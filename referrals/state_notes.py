"""What a referral's state means for the person looking at it, in plain words: shown on the referral page
of a finished case, and instead of a form that the state no longer allows (a form that could only fail)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from referrals.models import Referral
from referrals.states import State

# Nothing more happens to these: the page says so instead of offering work.
FINISHED_STATES = (State.CLOSED, State.WITHDRAWN, State.DUPLICATE)


@dataclass(frozen=True)
class StateNote:
    heading: str
    body: str


def _reason(referral: Referral) -> str:
    closure = getattr(referral, "closure", None) if referral.state == State.CLOSED else None
    if closure is not None:
        return closure.get_reason_display()
    last = referral.state_changes.filter(to_state=referral.state).order_by("-at", "-id").first()
    return last.reason if last is not None and last.reason else ""


def state_note(referral: Referral) -> StateNote:
    """Where the referral stands and what can still be done with it."""
    state = referral.state
    provider = str(referral.provider) if referral.provider_id else "the provider"
    when = f"{timezone.localtime(referral.state_changed_at):%-d %B %Y}" if referral.state_changed_at else ""
    if state == State.CLOSED:
        reason = _reason(referral)
        return StateNote(
            f"This case was closed on {when}",
            f"{f'Reason: {reason}. ' if reason else ''}Nothing more can be recorded on it. "
            "The organisation that supported the person can still add a note.",
        )
    if state == State.WITHDRAWN:
        reason = _reason(referral)
        return StateNote(
            f"This referral was withdrawn on {when}",
            f"{f'Reason: {reason}. ' if reason else ''}Nothing more can be done with it. "
            "If the person needs support again, record a new referral.",
        )
    if state == State.DUPLICATE:
        original = referral.duplicate_of.reference if referral.duplicate_of is not None else "another referral"
        return StateNote(
            "This referral is a duplicate",
            f"It was recorded twice: work on {original} instead. Nothing more can be done with this one.",
        )
    notes = {
        State.RECEIVED: "It is waiting for the triage team to assess the risk.",
        State.ASSESSED: "It is assessed and waiting for the triage team to route it.",
        State.NEEDS_ROUTING: "The triage team must choose a provider by hand.",
        State.ROUTED: f"It is waiting for {provider} to accept or decline it.",
        State.MARAC_ONLY: "It was referred to MARAC only: no provider is supporting the person yet.",
        State.ACCEPTED: f"{provider} has accepted it.",
        State.DECLINED: "The provider declined it: it is back with the triage team to be routed again.",
        State.IN_SUPPORT: f"{provider} is supporting the person.",
    }
    return StateNote(f"This referral is {referral.get_state_display().lower()}", notes.get(state, ""))
