"""What the sanctuary scheme hooks into below it (connected in AccommodationConfig.ready()): its reference data,
loaded with the rest (`manage.py load_reference_data`): the measures it can install and which services count as
which kind of safe accommodation, both editable afterwards in the admin (re-loading adds what is missing and
keeps the edits); and the case's page, which lists the household's sanctuary referrals."""

from __future__ import annotations

from typing import Any

from accommodation.sanctuary.models import SafeAccommodationKind, SafeAccommodationService, SanctuaryMeasure
from providers.models import Service

MEASURES = {
    "door-reinforcement": "Door reinforcement",
    "door-locks": "Door locks and door chain or viewer",
    "window-locks": "Window locks",
    "fire-proof-letterbox": "Fire-proof letterbox",
    "alarm": "Alarm (intruder or personal)",
    "cctv": "CCTV or video doorbell",
    "safe-room": "Safe room",
    "lighting": "Outside security lighting",
}

# Service slug (providers.reference_data.SERVICES): kind. The male refuge is a refuge for a group the general
# refuges do not serve, so it counts as specialist; resettlement is the move-on from refuge.
SERVICE_KINDS = {
    "refuge": SafeAccommodationKind.REFUGE,
    "male-refuge": SafeAccommodationKind.SPECIALIST,
    "sanctuary": SafeAccommodationKind.SANCTUARY,
    "resettlement": SafeAccommodationKind.MOVE_ON,
}


def load_sanctuary_reference(sender: object, **kwargs: Any) -> dict[str, int]:
    for slug, name in MEASURES.items():
        SanctuaryMeasure.objects.get_or_create(slug=slug, defaults={"name": name})
    for slug, kind in SERVICE_KINDS.items():
        service = Service.objects.filter(slug=slug).first()
        if service is not None:
            SafeAccommodationService.objects.get_or_create(service=service, defaults={"kind": kind})
    return {
        "sanctuary measures": SanctuaryMeasure.objects.count(),
        "safe accommodation services": SafeAccommodationService.objects.count(),
    }


def referral_page(user: Any, referral: Any, readable: Any) -> dict[str, Any]:
    """The case's page lists its household's sanctuary referrals (whoever sees the case sees them)."""
    return {"sanctuary_referrals": referral.sanctuary_referrals.select_related("provider")}


def connect() -> None:
    from providers.events import reference_data_loaded
    from providers.models import Organisation
    from referrals import extensions

    extensions.register_detail_context(referral_page)

    reference_data_loaded.connect(
        load_sanctuary_reference, sender=Organisation, dispatch_uid="accommodation.load_sanctuary_reference"
    )
