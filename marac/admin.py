from __future__ import annotations

from django.contrib import admin

from marac.models import Marac, MaracAction, MaracCoverage, MaracMeeting, MaracMembership


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


@admin.register(MaracMeeting)
class MaracMeetingAdmin(admin.ModelAdmin):
    list_display = ["marac", "held_on"]
    list_filter = ["marac"]
    # Agendas, research and actions change through the services (which record who, when and why).
    readonly_fields = ["marac", "held_on", "created_by"]


@admin.register(MaracAction)
class MaracActionAdmin(admin.ModelAdmin):
    list_display = ["description", "owner", "person", "due_on", "status"]
    list_filter = ["status", "owner"]
    readonly_fields = ["case", "meeting", "owner", "person", "description", "due_on", "status", "created_by"]
