"""The referrals ever listed at a MARAC, newest first: what a coordinator's lists walk (marac.handlers.on_my_maracs).
Built CONCURRENTLY (no transaction), so a live referrals table takes writes while it is built."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("referrals", "0016_listed_at_marac"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="referral",
            index=models.Index(
                condition=models.Q(("listed_at_marac", True)),
                fields=["-received_at", "-id"],
                name="listed_at_marac_newest_first",
            ),
        ),
    ]
