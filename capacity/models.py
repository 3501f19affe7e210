"""Demand and capacity reference data: the posts funded per provider and MARAC area, with their dates,
and the districts' populations of women aged 16 and over, by year. No figure is invented: a value loaded
by the demo data is marked `is_demo`, and every page that shows a figure built on it says so."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class PostRole(models.TextChoices):
    IDVA = "idva", "IDVA"
    OUTREACH = "outreach", "Outreach worker"
    REFUGE = "refuge", "Refuge worker"
    COORDINATOR = "coordinator", "MARAC coordinator"
    CHILDRENS_WORKER = "childrens_worker", "Children's worker"


class Post(models.Model):
    """Full-time equivalent posts of one role, funded at one provider for one MARAC's area, for a period.
    A past quarter uses the posts of its own days (valid_from to valid_to, both inclusive)."""

    role = models.CharField(max_length=20, choices=PostRole.choices)
    provider = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="capacity_posts")
    marac = models.ForeignKey("marac.Marac", on_delete=models.PROTECT, related_name="capacity_posts")
    fte = models.DecimalField("FTE", max_digits=5, decimal_places=2, help_text="Full-time equivalent, e.g. 2.5.")
    valid_from = models.DateField(help_text="The first day the posts are in place.")
    valid_to = models.DateField(null=True, blank=True, help_text="The last day; empty: still in place.")
    note = models.CharField(max_length=200, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Loaded by the demo data: not a real figure.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["marac__name", "role", "provider__name", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0), name="capacity_post_fte_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="capacity_post_period"
            ),
        ]
        indexes = [models.Index(fields=["marac", "role", "valid_from"], name="capacity_post_marac_role")]

    def __str__(self) -> str:
        return f"{self.marac}: {self.fte} FTE {self.get_role_display()} at {self.provider}"


class DistrictPopulation(models.Model):
    """Women aged 16 and over living in a district, as estimated for a calendar year (e.g. the ONS
    mid-year estimate). A period uses the estimate of the year it starts in, or the latest before it."""

    district = models.ForeignKey("providers.District", on_delete=models.PROTECT, related_name="populations")
    year = models.PositiveSmallIntegerField(help_text="The calendar year the estimate is for.")
    women_16_plus = models.PositiveIntegerField("Women aged 16 and over")
    source = models.CharField(max_length=200, help_text="Where the figure comes from.")
    is_demo = models.BooleanField(default=False, help_text="Loaded by the demo data: not a real figure.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["district__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="one_population_per_district_year"),
            models.CheckConstraint(condition=Q(women_16_plus__gt=0), name="population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}: {self.women_16_plus:,} women aged 16+"
