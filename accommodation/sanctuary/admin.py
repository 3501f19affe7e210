from __future__ import annotations

from django.contrib import admin

from accommodation.sanctuary.models import SafeAccommodationService, SanctuaryMeasure


@admin.register(SanctuaryMeasure)
class SanctuaryMeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "in_use"]
    list_editable = ["in_use"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SafeAccommodationService)
class SafeAccommodationServiceAdmin(admin.ModelAdmin):
    list_display = ["service", "kind"]
    list_editable = ["kind"]
