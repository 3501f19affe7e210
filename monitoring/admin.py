from __future__ import annotations

from django.contrib import admin

from monitoring.models import Hospital, Pathway


@admin.register(Pathway)
class PathwayAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "needs_hospital", "in_use", "position"]


@admin.register(Hospital)
class HospitalAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "in_use"]
