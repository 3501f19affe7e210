"""How casework reacts to events of the layers below it, connected in CaseworkConfig.ready()."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from casework.models import Refuge, RefugePlace
from casework.open_cases import open_case_hears_of_referral
from providers import reference_data as ref
from providers.models import Organisation
from referrals.models import Referral

# When the survivor of a referral is known: at once for triage (matched before saving), or once triage has
# confirmed who a public or partner referral is about, before assessing it.
MOVES_THAT_KNOW_THE_SURVIVOR = ("receive", "assess")


def load_refuges(sender: object, *, organisations: dict[str, Organisation], **kwargs: Any) -> dict[str, int]:
    """With the reference data: each provider's refuges and their rooms."""
    for name, provider_slug, places, men_only in ref.REFUGES:
        refuge, _ = Refuge.objects.update_or_create(
            name=name, defaults={"provider": organisations[provider_slug], "men_only": men_only}
        )
        for number in range(1, places + 1):
            RefugePlace.objects.get_or_create(refuge=refuge, label=f"Room {number}")
    return {"refuge places": RefugePlace.objects.count()}


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

    reference_data_loaded.connect(load_refuges, sender=Organisation, dispatch_uid="casework.load_refuges")
    referral_state_changed.connect(
        open_cases_hear_of_new_referral, sender=Referral, dispatch_uid="casework.open_cases_hear"
    )
