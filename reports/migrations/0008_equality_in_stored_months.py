"""The equality monitoring's figures stored with each month and cell (reports.summary): an answer given,
changed or removed marks the month its referral was received in, and so does a change to the referral's date
of birth (the age band). The months stored so far are forgotten: the sweep stores them again with equality."""

from importlib import import_module

from django.db import migrations

per_cell = import_module("reports.migrations.0007_month_figures_per_cell")

WITH_DATE_OF_BIRTH = per_cell._referral_function(
    "r.received_at, r.source, r.risk_level, r.district_id, r.provider_id, r.state = 'duplicate', r.date_of_birth",
    per_cell.FOLLOWERS,
)

# Every answer is counted: any change to a row marks its referral's month (old and new referral, if moved).
RECEIVED_OF = (
    "SELECT date_trunc('month', x.received_at AT TIME ZONE 'Europe/London')::date AS month "
    "FROM referrals_referral x WHERE x.id IN (SELECT referral_id FROM {rows})"
)
EQUALITY = f"""
CREATE OR REPLACE FUNCTION reports_dirty_monitoring_equalitymonitoring() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {per_cell._mark(RECEIVED_OF.format(rows="new_rows"))}
  ELSIF TG_OP = 'DELETE' THEN
    {per_cell._mark(RECEIVED_OF.format(rows="old_rows"))}
  ELSE
    {per_cell._mark(RECEIVED_OF.format(rows="old_rows") + " UNION " + RECEIVED_OF.format(rows="new_rows"))}
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER reports_dirty_equality_insert AFTER INSERT ON monitoring_equalitymonitoring
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_dirty_monitoring_equalitymonitoring();
CREATE TRIGGER reports_dirty_equality_update AFTER UPDATE ON monitoring_equalitymonitoring
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reports_dirty_monitoring_equalitymonitoring();
CREATE TRIGGER reports_dirty_equality_delete AFTER DELETE ON monitoring_equalitymonitoring
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_dirty_monitoring_equalitymonitoring();
"""
FORGET_EQUALITY = """
DROP TRIGGER IF EXISTS reports_dirty_equality_insert ON monitoring_equalitymonitoring;
DROP TRIGGER IF EXISTS reports_dirty_equality_update ON monitoring_equalitymonitoring;
DROP TRIGGER IF EXISTS reports_dirty_equality_delete ON monitoring_equalitymonitoring;
DROP FUNCTION IF EXISTS reports_dirty_monitoring_equalitymonitoring();
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_month_figures_per_cell"), ("monitoring", "0001_equality_monitoring_and_pathways")]

    operations = [
        migrations.RunSQL(WITH_DATE_OF_BIRTH, per_cell.PER_CELL),
        migrations.RunSQL(EQUALITY, FORGET_EQUALITY),
        migrations.RunPython(per_cell.forget_stored_months, per_cell.forget_stored_months),
    ]
