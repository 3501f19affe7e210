"""Writes to reference data."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.text import slugify

from casework.models import Refuge, RefugePlace
from marac.models import Marac, MaracCoverage
from providers import reference_data as ref
from providers.models import Area, District, Organisation, RoutingRule, Service, SignpostRule
from referrals.models import ChecklistQuestion, ChecklistVersion
from sla.services import sla_policy_load


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
    for district_name, (weekday, interval, limit) in ref.MARAC_PATTERNS.items():
        marac, _ = Marac.objects.update_or_create(
            slug=slugify(f"{district_name} marac"),
            defaults={
                "name": f"{district_name} MARAC",
                "meeting_weekday": weekday,
                "meeting_interval_weeks": interval,
                "case_limit": limit,
                "first_meeting_on": ref.MARAC_PATTERNS_FROM + timedelta(days=weekday),
            },
        )
        MaracCoverage.objects.update_or_create(district=districts[district_name], defaults={"marac": marac})

    for name, provider_slug, places, men_only in ref.REFUGES:
        refuge, _ = Refuge.objects.update_or_create(
            name=name, defaults={"provider": organisations[provider_slug], "men_only": men_only}
        )
        for number in range(1, places + 1):
            RefugePlace.objects.get_or_create(refuge=refuge, label=f"Room {number}")

    checklist, _ = ChecklistVersion.objects.get_or_create(
        version=ref.CHECKLIST_VERSION, defaults={"published_on": ref.CHECKLIST_PUBLISHED}
    )
    ChecklistVersion.objects.exclude(pk=checklist.pk).filter(is_current=True).update(is_current=False)
    if not checklist.is_current:
        checklist.is_current = True
        checklist.save(update_fields=["is_current"])
    for position, (key, topic, text, prompts, cluster) in enumerate(ref.CHECKLIST, start=1):
        ChecklistQuestion.objects.update_or_create(
            checklist=checklist,
            key=key,
            defaults={
                "position": position,
                "topic": topic,
                "text": text,
                "prompts_judgement": prompts,
                "cluster": cluster,
            },
        )
    sla_policy_load()
    return {
        "areas": Area.objects.count(),
        "districts": District.objects.count(),
        "organisations": Organisation.objects.count(),
        "services": Service.objects.count(),
        "routing rules": RoutingRule.objects.count(),
        "signpost rules": SignpostRule.objects.count(),
        "MARACs": Marac.objects.count(),
        "refuge places": RefugePlace.objects.count(),
        "checklist questions": checklist.questions.count(),
    }
