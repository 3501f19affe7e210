"""Writes to reference data."""

from __future__ import annotations

from typing import cast

from django.db import transaction
from django.utils.text import slugify

from providers import reference_data as ref
from providers.events import reference_data_loaded
from providers.models import Area, District, Organisation, RoutingRule, Service, SignpostRule


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Create or update every reference row by its natural key; running it twice changes nothing."""
    districts: dict[str, District] = {}
    areas: dict[str, Area] = {}
    for area_slug, (area_name, district_names) in ref.AREAS.items():
        areas[area_slug], _ = Area.objects.update_or_create(slug=area_slug, defaults={"name": area_name})
        for name in district_names:
            districts[name], _ = District.objects.update_or_create(
                slug=slugify(name), defaults={"name": name, "area": areas[area_slug]}
            )
    for name in ref.DISTRICTS_OUTSIDE_KIDAS:
        districts[name], _ = District.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "area": None}
        )

    organisations = {}
    for slug, (name, kind, agency_type, provides_support) in ref.ORGANISATIONS.items():
        organisations[slug], _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "agency_type": agency_type,
                "provides_support": provides_support,
                "referral_inbox_email": f"referrals@{slug}.example.org" if provides_support else "",
            },
        )
    services = {
        slug: Service.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in ref.SERVICES.items()
    }
    for risk, rule_area, provider_slug, service_slug in ref.ROUTING_RULES:
        RoutingRule.objects.update_or_create(
            risk_level=risk,
            area=areas[rule_area] if rule_area else None,
            valid_from=ref.KIDAS_START,
            defaults={
                "provider": organisations[provider_slug],
                "service": services[service_slug],
                "note": "KIDAS contract, April 2017 onwards",
            },
        )
    for district_name, organisation_slug in ref.SIGNPOST_RULES:
        SignpostRule.objects.update_or_create(
            district=districts[district_name],
            valid_from=ref.KIDAS_START,
            defaults={"organisation": organisations[organisation_slug], "note": "Outside KIDAS"},
        )
    # MARACs, refuges, the risk checklist and the service levels are loaded by their own apps.
    loaded: dict[str, int] = {}
    for _receiver, counts in reference_data_loaded.send(
        sender=Organisation, organisations=organisations, districts=districts
    ):
        loaded.update(cast(dict[str, int], counts))  # each receiver answers {label: number}
    return {
        "areas": Area.objects.count(),
        "districts": District.objects.count(),
        "organisations": Organisation.objects.count(),
        "services": Service.objects.count(),
        "routing rules": RoutingRule.objects.count(),
        "signpost rules": SignpostRule.objects.count(),
        **loaded,
    }
