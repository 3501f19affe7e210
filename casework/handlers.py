"""How casework reacts to events of the layers below it, connected in CaseworkConfig.ready()."""

from __future__ import annotations

from typing import Any

from casework.models import Refuge, RefugePlace
from providers import reference_data as ref
from providers.models import Organisation


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


def connect() -> None:
    from providers.events import reference_data_loaded

    reference_data_loaded.connect(load_refuges, sender=Organisation, dispatch_uid="casework.load_refuges")
