"""How casework reacts to events of the layers below it, and what it adds to the referral's page
(referrals/extensions.py), connected in CaseworkConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accounts.models import User
from casework.models import Refuge, RefugePlace
from casework.open_cases import open_case_hears_of_referral
from casework.selectors import case_timeline, closure_of, closure_outcome_lines, support_episodes_of
from casework.step_down import pending_step_down
from providers import reference_data as ref
from providers.models import Organisation
from referrals import extensions
from referrals.models import Referral
from referrals.states import State

# When the survivor of a referral is known: at once for triage (matched before saving), or once triage has
# confirmed who a public or partner referral is about, before assessing it.
MOVES_THAT_KNOW_THE_SURVIVOR = ("receive", "assess")


def load_refuges(sender: object, *, organisations: dict[str, Organisation], **kwargs: Any) -> dict[str, int]:
    """With the reference data: each provider's refuges and their rooms (a room's suitability as first loaded; edits
    made since are kept)."""
    for name, provider_slug, places, men_only in ref.REFUGES:
        refuge, _ = Refuge.objects.update_or_create(
            name=name, defaults={"provider": organisations[provider_slug], "men_only": men_only}
        )
        wheelchair_rooms, family_rooms, children_allowed = ref.REFUGE_PLACE_SUITABILITY.get(name, ((), (), True))
        for number in range(1, places + 1):
            RefugePlace.objects.get_or_create(
                refuge=refuge,
                label=f"Room {number}",
                defaults={
                    "wheelchair_accessible": number in wheelchair_rooms,
                    "family_room": number in family_rooms,
                    "children_allowed": children_allowed,
                },
            )
    return {"refuge places": RefugePlace.objects.count()}


def referral_page(user: Any, referral: Referral, readable: Callable[[str], str]) -> dict[str, Any]:
    """The case on the referral's page: a step-down waiting, the timeline, open services, the closure."""
    # Each part reads the case's services, step-downs and closure from the one read (casework.selectors).
    closure = closure_of(referral) if referral.state == State.CLOSED else None
    return {
        "step_down_waiting": pending_step_down(referral),
        "timeline": case_timeline(referral, user, readable),
        "open_services": [episode for episode in support_episodes_of(referral) if episode.ended_on is None],
        "closure": closure,
        "closure_notes": readable(closure.notes) if closure else "",
        "closure_outcomes": closure_outcome_lines(closure) if closure else [],
    }


def open_cases_hear_of_new_referral(
    sender: object, *, referral: Referral, move: str, user: User | None, **kwargs: Any
) -> None:
    """In the move's transaction: a new referral for a survivor with an open case is linked to that case, and
    its worker and managers are told (once)."""
    if move in MOVES_THAT_KNOW_THE_SURVIVOR:
        open_case_hears_of_referral(referral=referral)


def connect() -> None:
    from providers.events import reference_data_loaded
    from referrals.events import referral_state_changed

    extensions.register_detail_context(referral_page)

    reference_data_loaded.connect(load_refuges, sender=Organisation, dispatch_uid="casework.load_refuges")
    referral_state_changed.connect(
        open_cases_hear_of_new_referral, sender=Referral, dispatch_uid="casework.open_cases_hear"
    )
