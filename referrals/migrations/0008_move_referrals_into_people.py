"""Every existing referral into people (referrals.people_backfill explains how), in set-based SQL."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from referrals.people_backfill import backfill_people, undo_backfill


def move(apps: Any, schema_editor: Any) -> None:
    backfill_people(schema_editor.connection)


def undo(apps: Any, schema_editor: Any) -> None:
    undo_backfill(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0007_people_history"),
        ("audit", "0006_people_history"),
    ]

    operations = [migrations.RunPython(move, undo)]
