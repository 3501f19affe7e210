"""Reads of the reference data (districts, services) that many pages show as filter choices."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from providers.models import District, Service

# Reference data changes a few times a year (by an administrator, or load_reference_data); the
# filter lists are on every list page, so each process keeps them briefly and forgets them as soon
# as a district or service is saved or deleted in that process.
CHOICES_SECONDS = 300


def district_choices() -> list[tuple[int, str]]:
    """(id, name) of every district, by name."""
    choices = cache.get_or_set(
        "choices:districts", lambda: list(District.objects.values_list("id", "name")), CHOICES_SECONDS
    )
    return list(choices or [])


def service_choices() -> list[tuple[str, str]]:
    """(slug, name) of every service, by name."""
    choices = cache.get_or_set(
        "choices:services", lambda: list(Service.objects.values_list("slug", "name")), CHOICES_SECONDS
    )
    return list(choices or [])


def _forget_choices(**_: object) -> None:
    cache.delete_many(["choices:districts", "choices:services"])


for _model in (District, Service):
    post_save.connect(_forget_choices, sender=_model, dispatch_uid=f"forget-choices-{_model.__name__}")
    post_delete.connect(_forget_choices, sender=_model, dispatch_uid=f"forget-choices-{_model.__name__}-deleted")


def district_for_postcode(postcode: str) -> District | None:
    """The district a (normalised) postcode lies in, when its postcode district lies in one district
    only (providers.reference_data.POSTCODE_DISTRICTS); None when it is shared, outside Kent or unknown."""
    from providers.reference_data import POSTCODE_DISTRICTS

    outward = (postcode or "").strip().upper().split(" ")[0]
    name = POSTCODE_DISTRICTS.get(outward)
    return District.objects.filter(name=name).first() if name else None
