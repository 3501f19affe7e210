from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sla.models import Clock, Policy


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """Service levels are data: an administrator changes them here. New clocks use the new values."""

    list_display = ["stage", "risk_level", "amount", "unit"]
    list_editable = ["amount", "unit"]
    list_filter = ["stage"]


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    """Read-only: clocks are started and stopped by the referral's transitions."""

    list_display = ["referral", "stage", "risk_level", "started_at", "due_at", "stopped_at", "met"]
    list_filter = ["stage", "met"]
    raw_id_fields = ["referral"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
