from __future__ import annotations

from django.contrib import admin

from referrals.models import ChecklistQuestion, ChecklistVersion


class QuestionInline(admin.TabularInline):
    model = ChecklistQuestion
    extra = 0


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(admin.ModelAdmin):
    """The checklist is versioned data; referrals themselves change only through the app's services."""

    list_display = ["version", "published_on", "is_current"]
    inlines = [QuestionInline]
