"""The trigram indexes the matcher searches, built after the data migration filled the tables
(referrals 0008): one build is much faster than a million inserts into a GIN index."""

import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_people_history"),
        ("referrals", "0008_move_referrals_into_people"),
    ]

    operations = [
        migrations.AddIndex(
            model_name='person',
            index=django.contrib.postgres.indexes.GinIndex(fields=['family_key'], name='person_family_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='person',
            index=django.contrib.postgres.indexes.GinIndex(fields=['given_key'], name='person_given_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='personname',
            index=django.contrib.postgres.indexes.GinIndex(fields=['family_key'], name='person_name_family_trgm', opclasses=['gin_trgm_ops']),
        ),
    ]
