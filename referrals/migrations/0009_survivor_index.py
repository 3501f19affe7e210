"""The index on the referral's survivor, built once after the data migration filled the column (0008)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_name_trigram_indexes"),
        ("referrals", "0008_move_referrals_into_people"),
    ]

    operations = [
        migrations.AlterField(
            model_name="referral",
            name="survivor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals_as_survivor",
                to="people.person",
            ),
        ),
    ]
