"""Indexes the quarterly return reads by, on the tables of other apps. Each covers one of the return's
aggregate queries: a range of the period's dates, with the columns the query counts by INCLUDEd, so
the database reads only the period's index entries (index-only, once vacuumed) instead of the table.
They live here, with the reads that need them, rather than in four other apps' migrations."""

from __future__ import annotations

from django.db import migrations

INDEXES = [
    (
        "report_referral_received",
        "referrals_referral (received_at) INCLUDE (source, risk_level, district_id, provider_id, state)",
    ),
    ("report_clock_due", "sla_clock (due_at) INCLUDE (stage, met, stopped_at, referral_id)"),
    ("report_episode_started", "casework_supportepisode (started_on) INCLUDE (referral_id, service_id, id)"),
    ("report_episode_first", "casework_supportepisode (referral_id, started_on, id)"),
    ("report_closure_at", "casework_closure (at) INCLUDE (referral_id, outcomes)"),
    ("report_marac_created", "marac_maracreferral (created_at) INCLUDE (is_repeat, referral_id)"),
]


class Migration(migrations.Migration):
    # CONCURRENTLY: built without blocking writes to a live referrals table (needs no transaction).
    atomic = False

    dependencies = [
        ("reports", "0001_initial"),
        ("referrals", "0003_open_case_indexes"),
        ("sla", "0001_initial"),
        ("casework", "0001_initial"),
        ("marac", "0002_meetings_agendas_research_actions"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {target}", f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        for name, target in INDEXES
    ]
