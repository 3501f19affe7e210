"""A child's own needs and the help they get (the Domestic Abuse Act 2021 makes children victims in their own
right; a later issue adds the children's service). Imported by referrals.models, so Django registers it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ChildNeed(models.Model):
    """One need of a child, recorded by whoever works a case the child is in, with the help they get for it."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="child_needs")
    need = models.TextField()
    help_given = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        app_label = "referrals"
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Need of child {self.child_id}"
