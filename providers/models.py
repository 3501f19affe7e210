from __future__ import annotations

from django.db import models

from providers.risk_levels import RiskLevel
from providers.routing import RuleRow, SignpostRow


class Area(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(unique=True)
    # None for districts outside KIDAS (Medway): their referrals are routed by hand.
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        TRIAGE = "triage", "Referral, assessment and triage service"
        PROVIDER = "provider", "Support provider"
        PARTNER = "partner", "Partner agency"
        COMMISSIONER = "commissioner", "Commissioner"

    class AgencyType(models.TextChoices):
        SPECIALIST = "specialist", "Specialist domestic abuse service"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        CHILDRENS_SERVICES = "childrens_services", "Children's services"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        HOUSING = "housing", "Housing"
        PROBATION = "probation", "Probation"
        COUNCIL = "council", "Council"
        OTHER = "other", "Other"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency_type = models.CharField(max_length=30, choices=AgencyType.choices, default=AgencyType.SPECIALIST)
    # Also a provider of standard-risk support (Victim Support is both triage and provider).
    provides_support = models.BooleanField(default=False)
    referral_inbox_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, help_text="Empty: the rule covers the whole county."
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, limit_choices_to={"provides_support": True}, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Empty: open-ended.")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["risk_level", "area__name", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="routing_rule_valid_period",
            )
        ]

    def __str__(self) -> str:
        where = self.area.name if self.area else "County"
        return f"{where} {self.risk_level} → {self.provider} ({self.service})"

    def as_row(self) -> RuleRow:
        return RuleRow(
            id=self.pk,
            risk_level=self.risk_level,
            area_id=self.area_id,
            provider_id=self.provider_id,
            service_id=self.service_id,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )


class SignpostRule(models.Model):
    """Referrals from a district outside KIDAS (Medway) go to that district's own services: the
    person is signposted to this organisation, and a high-risk case goes to the district's MARAC."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="signpost_rules", limit_choices_to={"area__isnull": True}
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Empty: open-ended.")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["district__name", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="signpost_rule_valid_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.district} → signpost to {self.organisation}"

    def as_row(self) -> SignpostRow:
        return SignpostRow(
            id=self.pk,
            district_id=self.district_id,
            organisation_id=self.organisation_id,
            organisation_name=self.organisation.name,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )
