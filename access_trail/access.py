"""The access trail: who looked at or changed which referrals. It sits low in the layers (ARCHITECTURE.md):
every feature records its reads here, so it knows no domain model (ids, not foreign keys, for referrals).
audit.models registers it with the app; the change history there sits high, beside the models it tracks."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class Action(models.TextChoices):
    VIEW = "view", "Viewed a record"
    LIST = "list", "Listed records"
    CHANGE = "change", "Changed a record"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed"
    SUBJECT_ACCESS = "subject_access", "Subject access export"
    CORRECT = "correct", "Corrected a record"
    ANONYMISE = "anonymise", "Anonymised (retention)"


class AccessEvent(models.Model):
    """Who looked at or changed which referrals, when, from where. One row per request."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "providers.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    # Ids, not foreign keys: the trail outlives any row and a list page is still one INSERT.
    referral_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    what = models.CharField(max_length=200, blank=True, help_text="The page, API endpoint or export")
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        app_label = "audit"  # the model moved package, not app: same table, same triggers
        ordering = ["-at", "-id"]
        indexes = [
            GinIndex(fields=["referral_ids"], name="access_event_referrals"),
            models.Index(fields=["user", "-at"], name="access_event_user"),
        ]
        triggers = [APPEND_ONLY]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.referral_ids} at {self.at:%Y-%m-%d %H:%M}"
