"""How casework reacts to events of the layers below it, and what it adds to the referral's page
(referrals/extensions.py), connected in CaseworkConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casework.models import Refuge, RefugePlace
from casework.selectors import case_timeline, closure_outcome_lines
from casework.step_down import pending_step_down
from providers import reference_data as ref
from providers.models import Organisation
from referrals import extensions
from referrals.models import Referral
from referrals.states import State


def load_refuges(sender: object, *, organisations: dict[str, Organisation], **kwargs: Any) -> dict[str, int]:
    """With the reference data: each provider's refuges and their rooms."""
    for name, provider_slug, places, men_only in ref.REFUGES:
        refuge, _ = Refuge.objects.update_or_create(
            name=name, defaults={"provider": organisations[provider_slug], "men_only": men_only}
        )
        for number in range(1, places + 1):
            RefugePlace.objects.get_or_create(refuge=refuge, label=f"Room {number}")
    return {"refuge places": RefugePlace.objects.count()}


def referral_page(user: Any, referral: Referral, readable: Callable[[str], str]) -> dict[str, Any]:
    """The case on the referral's page: a step-down waiting, the timeline, open services, the closure."""
    closure = getattr(referral, "closure", None) if referral.state == State.CLOSED else None
    return {
        "step_down_waiting": pending_step_down(referral),
        "timeline": case_timeline(referral, user, readable),
        "open_services": referral.support_episodes.filter(ended_on__isnull=True).select_related(
            "service", "refuge_place__refuge"
        ),
        "closure": closure,
        "closure_notes": readable(closure.notes) if closure else "",
        "closure_outcomes": closure_outcome_lines(closure) if closure else [],
    }


def connect() -> None:
    from providers.events import reference_data_loaded

    extensions.register_detail_context(referral_page)

    reference_data_loaded.connect(load_refuges, sender=Organisation, dispatch_uid="casework.load_refuges")
