from __future__ import annotations

from django.contrib import admin

from marac.models import Marac, MaracCoverage, MaracMembership


class CoverageInline(admin.TabularInline):
    model = MaracCoverage
    extra = 0


class MembershipInline(admin.TabularInline):
    model = MaracMembership
    extra = 0


@admin.register(Marac)
class MaracAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting_weekday", "meeting_interval_weeks", "case_limit"]
    inlines = [CoverageInline, MembershipInline]
