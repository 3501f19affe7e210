"""The three risk levels. Routing rules (reference data) are keyed by them, so they live here, below
referrals (ARCHITECTURE.md); referrals.risk, which decides a referral's level, uses the same names."""

from __future__ import annotations

from django.db import models


class RiskLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
