from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    TRIAGE_WORKER = "triage_worker", "Triage worker"
    PROVIDER_WORKER = "provider_worker", "Provider worker"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    MARAC_COORDINATOR = "marac_coordinator", "MARAC coordinator"
    PARTNER_USER = "partner_user", "Partner agency staff"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    """A member of staff. Every user but an administrator belongs to one organisation."""

    organisation = models.ForeignKey(
        "providers.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR or self.is_superuser

    @property
    def is_triage(self) -> bool:
        return self.role == Role.TRIAGE_WORKER

    @property
    def is_provider_staff(self) -> bool:
        return self.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER)
