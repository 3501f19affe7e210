from __future__ import annotations

from django.contrib import admin

from providers.models import Area, District, Organisation, RoutingRule, Service, SignpostRule

admin.site.register(Area)
admin.site.register(Service)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency_type", "provides_support"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    """Routing is data: an administrator ends a rule and starts a new one when contracts change."""

    list_display = ["risk_level", "area", "provider", "service", "valid_from", "valid_to"]
    list_filter = ["risk_level", "area", "provider"]


@admin.register(SignpostRule)
class SignpostRuleAdmin(admin.ModelAdmin):
    """Where referrals from a district outside KIDAS are signposted (and so, when high risk, which MARAC)."""

    list_display = ["district", "organisation", "valid_from", "valid_to"]
