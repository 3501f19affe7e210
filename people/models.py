"""People: the survivor, each alleged perpetrator and each child are a Person, whatever referral
they appear in. A referral links its people (referrals.models: Referral.survivor,
ReferralPerpetrator, ReferralChild); this app knows no referrals.

Names are stored as typed and as a key (people.names.name_key) that the matcher compares: accents
off, lower case. Every change is kept by the audit trail (audit.models.TRACKED)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from people.names import name_key


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Other"
    NOT_SAID = "not_said", "Prefer not to say"


class Person(models.Model):
    """One human being known to the service, in any role (survivor, perpetrator, child)."""

    given_name = models.CharField(max_length=80, blank=True)
    family_name = models.CharField(max_length=80, blank=True)
    given_key = models.CharField(max_length=80, blank=True, editable=False)
    family_key = models.CharField(max_length=80, blank=True, editable=False)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    # A duplicate found later is merged into the person it duplicates (people.services.person_merge):
    # the row stays, so the merge can be undone and old links still resolve.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_people"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "people"
        indexes = [
            GinIndex(fields=["family_key"], opclasses=["gin_trgm_ops"], name="person_family_trgm"),
            GinIndex(fields=["given_key"], opclasses=["gin_trgm_ops"], name="person_given_trgm"),
            models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
        ]

    def __str__(self) -> str:
        return self.full_name or f"Person {self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.given_key = name_key(self.given_name)
        self.family_key = name_key(self.family_name)
        super().save(*args, **kwargs)


class NameKind(models.TextChoices):
    PREVIOUS = "previous", "Previous name"
    ALIAS = "alias", "Also known as"
    BIRTH = "birth", "Name at birth"


class PersonName(models.Model):
    """A name the person had or is known by besides their current one (a previous surname, an alias)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.PREVIOUS)
    given_name = models.CharField(max_length=80, blank=True)
    family_name = models.CharField(max_length=80, blank=True)
    given_key = models.CharField(max_length=80, blank=True, editable=False)
    family_key = models.CharField(max_length=80, blank=True, editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-recorded_at", "id"]
        indexes = [
            GinIndex(fields=["family_key"], opclasses=["gin_trgm_ops"], name="person_name_family_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.given_key = name_key(self.given_name)
        self.family_key = name_key(self.family_name)
        super().save(*args, **kwargs)


class PersonAddress(models.Model):
    """Where the person lived and when. The current address has no end date. An address may be a
    refuge: it is restricted like the referral's (audit.restricted)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=120, blank=True)
    line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="Normalised: upper case, one space.")
    district = models.ForeignKey(
        "providers.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lived_from = models.DateField(null=True, blank=True)
    lived_until = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "lived_until", "-lived_from", "-id"]
        verbose_name_plural = "person addresses"
        indexes = [models.Index(fields=["postcode"], name="person_address_postcode")]

    def __str__(self) -> str:
        return self.postcode or "Address"


class PersonPhone(models.Model):
    """A number on record for the person (not necessarily safe: the safe one is in SafeContact)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=20, help_text="E.164, as referrals.normalise.normalise_phone.")
    is_current = models.BooleanField(default=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-is_current", "-recorded_at", "id"]
        indexes = [models.Index(fields=["number"], name="person_phone_number")]

    def __str__(self) -> str:
        return self.number


class PersonEmail(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField()
    is_current = models.BooleanField(default=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-is_current", "-recorded_at", "id"]
        indexes = [models.Index(fields=["address"], name="person_email_address")]

    def __str__(self) -> str:
        return self.address


class SafeContact(models.Model):
    """How it is safe to reach the survivor (domain.md: safety when making contact). It belongs to
    the person, so it carries over to their next referral; it is only trusted again once a worker has
    confirmed it is still safe (`confirmed_safe_on`). The safety questions are None until asked, and
    every use treats None as unsafe."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="safe_contact")
    safe_phone = models.CharField(max_length=20, blank=True)
    safe_email = models.EmailField(blank=True)
    voicemail_allowed = models.BooleanField(null=True, blank=True, default=None)
    safe_times = models.CharField(max_length=200, blank=True)
    code_word = models.CharField(max_length=60, blank=True)
    perpetrator_has_phone_access = models.BooleanField(null=True, blank=True, default=None)
    confirmed_safe_on = models.DateField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["safe_phone"], name="safe_contact_phone")]

    def __str__(self) -> str:
        return f"Safe contact of person {self.person_id}"


class PersonMerge(models.Model):
    """A duplicate merged into the person it duplicates, and the undoing of it. The duplicate's row and
    links stay; while the merge stands, reads resolve the duplicate to the person it was merged into."""

    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_as_duplicate")
    into = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_as_kept")
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    undone_reason = models.TextField(blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Person {self.duplicate_id} merged into {self.into_id}"
