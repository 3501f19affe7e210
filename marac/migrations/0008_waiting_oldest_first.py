"""A MARAC's high-risk list in its order: the waiting cases (not yet heard) of one MARAC by when they were listed.
Without it the planner read every MARAC's waiting cases through one_open_marac_referral for each page of one
MARAC's list (5.3 ms -> 1.6 ms at a million referrals, and growing with every MARAC's list)."""

from __future__ import annotations

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # CONCURRENTLY: built without blocking the coordinators' writes to a live table (needs no transaction).
    atomic = False

    dependencies = [("marac", "0007_maracreferral_why")]

    operations = [
        AddIndexConcurrently(
            model_name="maracreferral",
            index=models.Index(
                condition=models.Q(heard_on__isnull=True),
                fields=["marac", "created_at", "id"],
                name="marac_waiting_oldest_first",
            ),
        ),
    ]
