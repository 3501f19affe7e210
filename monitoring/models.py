"""What is recorded on a referral for monitoring: the survivor's equality monitoring, and the pathways the
case is on (hospital IDVA, specialist IDVAs, court IDVA, cyberstalking clinic) with the survivor's engagement.

Equality monitoring is kept per referral, not on the person: it is seen only by the case's own provider (and
triage while recording), so an answer given to one provider never shows to the next one the person is
referred to; and a quarter's figures count the answers as given for that referral, so a later change
(pregnancy, recourse to public funds, support needs) never rewrites a past return. Each answer is "" when
not asked, distinct from "prefer not to say" (monitoring.categories)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from monitoring import categories as c


def _answer(choices: list[tuple[str, str]], label: str) -> models.CharField:
    return models.CharField(max_length=40, choices=choices, blank=True, default=c.NOT_ASKED, verbose_name=label)


class EqualityMonitoring(models.Model):
    """The survivor's equality monitoring on one referral. Never required: every answer may be "" (not asked)."""

    referral = models.OneToOneField("referrals.Referral", on_delete=models.CASCADE, related_name="equality")
    ethnicity = _answer(c.ETHNICITY_CHOICES, "Ethnic group")
    sex = _answer(c.SEX_CHOICES, "Sex")
    gender_same_as_birth = _answer(c.GENDER_SAME_AS_BIRTH_CHOICES, "Gender same as sex registered at birth")
    sexual_orientation = _answer(c.SEXUAL_ORIENTATION_CHOICES, "Sexual orientation")
    disability = _answer(c.YES_NO_CHOICES, "Disability")
    pregnancy = _answer(c.YES_NO_CHOICES, "Pregnant or a baby in the last 6 months")
    no_recourse_to_public_funds = _answer(c.NO_RECOURSE_CHOICES, "No recourse to public funds")
    substance_use = _answer(c.YES_NO_CHOICES, "Substance use")
    mental_health = _answer(c.YES_NO_CHOICES, "Mental health")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "equality monitoring"

    def __str__(self) -> str:
        return f"Equality monitoring of referral {self.referral_id}"


class Hospital(models.Model):
    """A hospital with a hospital IDVA (reference data, editable by an administrator)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    in_use = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pathway(models.Model):
    """A pathway a case may be on besides the core service (reference data, editable by an administrator)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    needs_hospital = models.BooleanField(default=False, help_text="The hospital IDVA: a case names its hospital.")
    in_use = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Engagement(models.TextChoices):
    NOT_RECORDED = "", "Not recorded yet"
    DIRECTLY = "directly", "Engaged directly"
    THROUGH_STAFF = "through_staff", "Engaged through other staff"
    NOT_ENGAGED = "not_engaged", "Not engaged"


ENGAGED = (Engagement.DIRECTLY, Engagement.THROUGH_STAFF)


class ReferralPathway(models.Model):
    """A referral on a pathway, from the day it was referred to it, and whether the survivor engaged: directly
    with the pathway's worker, or through other staff (a hospital's NHS staff), or not. Recorded by the
    case's provider."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="pathways")
    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="referrals")
    hospital = models.ForeignKey(Hospital, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField()
    engagement = models.CharField(max_length=20, choices=Engagement.choices, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["referral", "referred_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "pathway"], name="one_link_per_pathway"),
            # A hospital names where a hospital IDVA case came from; only that pathway has one (checked by the
            # service against the pathway's needs_hospital; the database keeps the hospital optional).
        ]
        indexes = [models.Index(fields=["pathway", "referred_on"], name="pathway_referred_on")]

    def __str__(self) -> str:
        return f"Referral {self.referral_id} on {self.pathway}"
