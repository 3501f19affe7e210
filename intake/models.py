from __future__ import annotations

from django.db import models


class PartnerApiKey(models.Model):
    """A partner system's key. Only a SHA-256 hash of the secret is stored; the key itself is shown
    once, when it is issued. A key is looked up by its prefix and checked by its hash."""

    organisation = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(max_length=120, blank=True, help_text="What the key is for, e.g. 'Athena gateway'.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed_secret = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces", editable=False
    )

    class Meta:
        ordering = ["organisation__name", "-created_at"]
        verbose_name = "partner API key"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.organisation})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PartnerReference(models.Model):
    """A partner system's own reference for a referral it sent: the idempotency key of the API."""

    organisation = models.ForeignKey(
        "providers.Organisation", on_delete=models.PROTECT, related_name="partner_references"
    )
    reference = models.CharField(max_length=100)
    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="partner_reference")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="partner_reference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.reference}"
