from __future__ import annotations

from django.conf import settings
from django.db import models

from referrals.risk import MaracReason


class Marac(models.Model):
    """A Multi-Agency Risk Assessment Conference, covering one or more districts."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(unique=True)
    districts = models.ManyToManyField("providers.District", through="MaracCoverage", related_name="maracs")
    meeting_weekday = models.PositiveSmallIntegerField(default=1, help_text="0 = Monday … 6 = Sunday")
    meeting_interval_weeks = models.PositiveSmallIntegerField(default=2)
    case_limit = models.PositiveSmallIntegerField(default=20)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MaracCoverage(models.Model):
    marac = models.ForeignKey(Marac, on_delete=models.CASCADE)
    # Unique: every district belongs to exactly one MARAC.
    district = models.OneToOneField("providers.District", on_delete=models.PROTECT, related_name="marac_coverage")

    def __str__(self) -> str:
        return f"{self.district} → {self.marac}"


class MaracMembership(models.Model):
    marac = models.ForeignKey(Marac, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marac_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["marac", "user"], name="one_membership_per_marac")]

    def __str__(self) -> str:
        return f"{self.user} in {self.marac}"


class MaracReferral(models.Model):
    """A referral listed for a MARAC, waiting to be heard."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="marac_referrals")
    marac = models.ForeignKey(Marac, on_delete=models.PROTECT, related_name="referrals")
    reason = models.CharField(max_length=30, choices=MaracReason.choices)
    yes_count = models.PositiveSmallIntegerField()
    is_repeat = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    heard_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # A referral waits on at most one MARAC list at a time.
            models.UniqueConstraint(
                fields=["referral"], condition=models.Q(heard_on__isnull=True), name="one_open_marac_referral"
            )
        ]
        indexes = [models.Index(fields=["marac", "heard_on", "created_at"])]

    def __str__(self) -> str:
        return f"{self.referral} at {self.marac}"
