"""What monitoring adds when reference data is loaded (its pathways and hospitals) and to the referral's page
(links to equality monitoring and pathways, for whoever may use them), connected in MonitoringConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monitoring import reference_data as ref
from monitoring.models import Hospital, Pathway
from providers.models import Organisation
from referrals import extensions
from referrals.policies import may_record_pathway, may_see_equality


def load_pathways(sender: object, **kwargs: Any) -> dict[str, int]:
    for position, (slug, (name, needs_hospital)) in enumerate(ref.PATHWAYS.items()):
        Pathway.objects.update_or_create(
            slug=slug, defaults={"name": name, "needs_hospital": needs_hospital, "position": position}
        )
    for slug, name in ref.HOSPITALS.items():
        Hospital.objects.update_or_create(slug=slug, defaults={"name": name})
    return {"pathways": Pathway.objects.count(), "hospitals": Hospital.objects.count()}


def referral_page(user: Any, referral: Any, readable: Callable[[str], str]) -> dict[str, Any]:
    """Links only (no query): equality monitoring for whoever may see it, pathways for the case's provider."""
    return {
        "equality_link": may_see_equality(user, referral),
        "pathways_link": may_record_pathway(user, referral),
    }


def connect() -> None:
    from providers.events import reference_data_loaded

    extensions.register_detail_context(referral_page)
    reference_data_loaded.connect(load_pathways, sender=Organisation, dispatch_uid="monitoring.load_pathways")
