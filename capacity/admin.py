from __future__ import annotations

from django.contrib import admin

from capacity.models import DistrictPopulation, Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["marac", "role", "provider", "fte", "valid_from", "valid_to", "is_demo"]
    list_filter = ["role", "marac", "is_demo"]


@admin.register(DistrictPopulation)
class DistrictPopulationAdmin(admin.ModelAdmin):
    list_display = ["district", "year", "women_16_plus", "source", "is_demo"]
    list_filter = ["year", "is_demo"]
