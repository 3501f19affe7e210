"""Marks every referral listed at a MARAC (referrals.Referral.listed_at_marac): from now on by a trigger in the
statement that lists it, and, for the listings made before, once here. The trigger is made first, in the same
transaction, so no listing made meanwhile is missed."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('marac', '0008_waiting_oldest_first'),
        ('referrals', '0017_listed_at_marac_newest_first'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='maracreferral',
            trigger=pgtrigger.compiler.Trigger(name='mark_referral_listed_at_marac', sql=pgtrigger.compiler.UpsertTriggerSql(func='UPDATE referrals_referral SET listed_at_marac = true WHERE id IN (SELECT referral_id FROM listed) AND NOT listed_at_marac; RETURN NULL;', hash='8eddf86cc8cfdaf26df120923435a6150b80bd4b', level='STATEMENT', operation='INSERT', pgid='pgtrigger_mark_referral_listed_at_marac_7d1a4', referencing='REFERENCING NEW TABLE AS listed ', table='marac_maracreferral', when='AFTER')),
        ),
        migrations.RunSQL(
            "UPDATE referrals_referral SET listed_at_marac = true"
            " WHERE id IN (SELECT referral_id FROM marac_maracreferral) AND NOT listed_at_marac",
            migrations.RunSQL.noop,
        ),
    ]
