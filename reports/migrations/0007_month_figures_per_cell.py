"""Stored months per cell: a district (or none) with a provider (or none), so that every scope, not only the
county, reads its past months from stored rows (reports.summary). A referral moved to another district or
provider now marks dirty the months of its clocks, support, closures and MARAC listings as well as its own,
since they move cell with it; and a change of provider counts, not only whether it has one. The months
stored so far are forgotten: the sweep stores them again with their cells, and until it has, the return
counts them live."""

import django.db.models.deletion
from django.db import migrations, models

CURRENT_MONTH = "date_trunc('month', now() AT TIME ZONE 'Europe/London')::date"
RECEIVED = "date_trunc('month', {r}.received_at AT TIME ZONE 'Europe/London')::date"


def _mark(select: str) -> str:
    # DO UPDATE, not DO NOTHING: it locks the marker row until this transaction commits (as 0004).
    return (
        f"INSERT INTO reports_dirtymonth (month, marked_at) SELECT DISTINCT month, now() FROM ({select}) m "
        f"WHERE month < {CURRENT_MONTH} ON CONFLICT (month) DO UPDATE SET marked_at = excluded.marked_at;"
    )


def _referral_function(counted: str, moved_rows: str) -> str:
    """The referrals table's marker function: the months of inserted and deleted referrals, and of changed
    ones (their counted columns, old and new), and the months of the rows that follow a moved referral."""
    old_cols, new_cols = counted.replace("r.", "o."), counted.replace("r.", "n.")
    changed = f"old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old_cols}) IS DISTINCT FROM ({new_cols})"
    update = f"SELECT {RECEIVED.format(r='o')} AS month FROM {changed} UNION SELECT {RECEIVED.format(r='n')} FROM {changed}"
    if moved_rows:
        update += moved_rows
    return f"""
CREATE OR REPLACE FUNCTION reports_dirty_referrals_referral() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_mark(f"SELECT {RECEIVED.format(r='r')} AS month FROM new_rows r")}
  ELSIF TG_OP = 'DELETE' THEN
    {_mark(f"SELECT {RECEIVED.format(r='r')} AS month FROM old_rows r")}
  ELSE
    {_mark(update)}
  END IF;
  RETURN NULL;
END $$;
"""


MOVED = (
    "SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE (o.district_id, o.provider_id) IS DISTINCT FROM (n.district_id, n.provider_id)"
)
FOLLOWERS = f"""
 UNION SELECT date_trunc('month', c.due_at AT TIME ZONE 'Europe/London')::date FROM sla_clock c WHERE c.referral_id IN ({MOVED})
 UNION SELECT date_trunc('month', e.started_on)::date FROM casework_supportepisode e WHERE e.referral_id IN ({MOVED})
 UNION SELECT date_trunc('month', x.at AT TIME ZONE 'Europe/London')::date FROM casework_closure x WHERE x.referral_id IN ({MOVED})
 UNION SELECT date_trunc('month', l.created_at AT TIME ZONE 'Europe/London')::date FROM marac_maracreferral l WHERE l.referral_id IN ({MOVED})"""

PER_CELL = _referral_function(
    "r.received_at, r.source, r.risk_level, r.district_id, r.provider_id, r.state = 'duplicate'", FOLLOWERS
)
COUNTY_ONLY = _referral_function(
    "r.received_at, r.source, r.risk_level, r.district_id, r.provider_id IS NULL, r.state = 'duplicate'", ""
)


def forget_stored_months(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("reports", "MonthFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0002_signpost_rules_for_districts_outside_kidas"),
        ("reports", "0006_episode_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthfigure",
            name="district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="providers.district",
            ),
        ),
        migrations.AddField(
            model_name="monthfigure",
            name="provider",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="providers.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="monthfigure",
            name="kind",
            field=models.CharField(
                help_text='"figures": the county\'s; "cell": one district and provider\'s.', max_length=20
            ),
        ),
        migrations.RunSQL(PER_CELL, COUNTY_ONLY),
        migrations.RunPython(forget_stored_months, forget_stored_months),
    ]
