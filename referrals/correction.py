"""Corrections of a person's details on a referral: recorded, never overwritten. Part of the referral's
own record, so it sits in the referrals layer (ARCHITECTURE.md), below the features that show it;
audit.models registers it with the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from access_trail.access import APPEND_ONLY
from accounts.selectors import with_names
from kidas.db.read_once import rows_once
from referrals.models import Referral


class Correction(models.Model):
    """A correction of a person's detail: recorded, never overwritten. Shown on the record's timeline."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(max_length=60)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "audit"  # the model moved package, not app: same table, same triggers
        ordering = ["at", "id"]
        triggers = [APPEND_ONLY]

    def __str__(self) -> str:
        return f"{self.referral}: {self.field} corrected"


def corrections_of(referral: Referral) -> list[Correction]:
    """The referral's corrections with who made them, read once for every part of a page or answer that shows
    them: the timeline, and the code words its free text is masked with (referrals.restricted reads them from
    here when they have been read)."""
    return rows_once(referral, "corrections", with_names(Correction.objects.all(), "by"))
