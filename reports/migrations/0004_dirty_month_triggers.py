"""Triggers that mark a past month dirty when a row the county-wide return counts changes in a way that
matters (reports/summary.py explains the scheme). Statement-level with transition tables, so a bulk
insert of a million rows marks each month once, not once per row; the current and future months are
never marked (they are always computed live), so everyday work never waits on a marker row."""

from __future__ import annotations

from django.db import migrations

CURRENT_MONTH = "date_trunc('month', now() AT TIME ZONE 'Europe/London')::date"

# table, the month of a row (over alias r), what counts (over alias r; compared old against new)
TABLES = {
    "referrals_referral": (
        "date_trunc('month', r.received_at AT TIME ZONE 'Europe/London')::date",
        "r.received_at, r.source, r.risk_level, r.district_id, r.provider_id IS NULL, r.state = 'duplicate'",
    ),
    "sla_clock": (
        "date_trunc('month', r.due_at AT TIME ZONE 'Europe/London')::date",
        "r.due_at, r.stage, r.met, r.stopped_at IS NULL",
    ),
    "casework_supportepisode": (
        "date_trunc('month', r.started_on)::date",
        "r.started_on, r.service_id, r.referral_id",
    ),
    "casework_closure": (
        "date_trunc('month', r.at AT TIME ZONE 'Europe/London')::date",
        "r.at, r.outcomes",
    ),
    "marac_maracreferral": (
        "date_trunc('month', r.created_at AT TIME ZONE 'Europe/London')::date",
        "r.created_at, r.is_repeat",
    ),
}


def _months_of(table: str, rows: str) -> str:
    month, _ = TABLES[table]
    own = f"SELECT {month} AS month FROM {rows} r"
    if table == "casework_supportepisode":
        # Which episode is a case's first depends on all of its episodes: mark all their months.
        return f"{own} UNION SELECT {month} FROM casework_supportepisode r WHERE r.referral_id IN (SELECT referral_id FROM {rows})"
    return own


def _changed(table: str) -> str:
    """Rows of an UPDATE whose counted columns changed, old and new."""
    month, columns = TABLES[table]
    old_cols = columns.replace("r.", "o.")
    new_cols = columns.replace("r.", "n.")
    changed = f"old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old_cols}) IS DISTINCT FROM ({new_cols})"
    if table == "casework_supportepisode":
        return (
            f"SELECT {month} AS month FROM casework_supportepisode r WHERE r.referral_id IN "
            f"(SELECT o.referral_id FROM {changed} UNION SELECT n.referral_id FROM {changed}) "
            f"UNION SELECT {month.replace('r.', 'o.')} FROM {changed} "
            f"UNION SELECT {month.replace('r.', 'n.')} FROM {changed}"
        )
    return f"SELECT {month.replace('r.', 'o.')} AS month FROM {changed} UNION SELECT {month.replace('r.', 'n.')} FROM {changed}"


def _mark(select: str) -> str:
    # DO UPDATE, not DO NOTHING: it locks the marker row until this transaction commits, so the sweep
    # (which deletes the marker first) waits for us and then sees our change.
    return (
        f"INSERT INTO reports_dirtymonth (month, marked_at) SELECT DISTINCT month, now() FROM ({select}) m "
        f"WHERE month < {CURRENT_MONTH} ON CONFLICT (month) DO UPDATE SET marked_at = excluded.marked_at;"
    )


def _install(table: str) -> str:
    name = f"reports_dirty_{table}"
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_mark(_months_of(table, "new_rows"))}
  ELSIF TG_OP = 'DELETE' THEN
    {_mark(_months_of(table, "old_rows"))}
  ELSE
    {_mark(_changed(table))}
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER {name}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


def _uninstall(table: str) -> str:
    name = f"reports_dirty_{table}"
    return "".join(f"DROP TRIGGER IF EXISTS {name}_{event} ON {table};" for event in ("insert", "update", "delete")) + (
        f"DROP FUNCTION IF EXISTS {name}();"
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_month_figures")]

    operations = [migrations.RunSQL(_install(table), _uninstall(table)) for table in TABLES]
