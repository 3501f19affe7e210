"""Each support episode's place in the new-entrants count (reports.models.EpisodeEntry), kept by triggers.

- `reports_entries_recount(persons)` recounts every episode of those people: an episode is an entry when no
  episode of hers that started before it (earlier, or the same day with a lower id) runs until its first day
  or later. A person is her survivor id, or minus the referral's id while the referral has no survivor, as
  the live count has it (reports.selectors). It first locks those people's rows (or the unlinked referrals'),
  so two writers of one person's episodes take turns and the second recounts with the first's rows; a statement
  touching more people than that is a bulk load, which runs alone.
- Statement triggers call it for the people whose episodes were inserted, changed or deleted, and for both
  people of a referral whose survivor changed (linked, unlinked, moved to another person) or that moved to
  another district or provider (each row keeps its referral's district and provider, so a part of the county
  counts its rows without joining the referrals).
- `reports_entries_recount_all()` recounts everyone: this migration's backfill, and the seeder after a bulk
  load, during which it sets `kidas.entries_deferred` to 'on' for its own connection so the triggers wait."""

import django.db.models.deletion
from django.db import migrations, models


# One person's episodes in start order; an entry when the latest end among those started before it is before
# its first day (an open episode runs for ever).
RECOUNT = """
CREATE OR REPLACE FUNCTION reports_entries_recount(persons bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  unlinked bigint[] := ARRAY(SELECT -p FROM unnest(persons) p WHERE p < 0);
BEGIN
  IF cardinality(persons) = 0 THEN  -- most referral updates (a state change) move nobody
    RETURN;
  END IF;
  IF cardinality(persons) <= 1000 THEN
    PERFORM 1 FROM people_person WHERE id = ANY(persons) ORDER BY id FOR NO KEY UPDATE;
    PERFORM 1 FROM referrals_referral WHERE id = ANY(unlinked) ORDER BY id FOR NO KEY UPDATE;
  END IF;
  WITH episode AS (
    SELECT e.id, e.referral_id, r.district_id, r.provider_id, e.started_on, COALESCE(e.ended_on, 'infinity'::date) AS ends,
           r.survivor_id AS person, s.slug NOT IN ('refuge', 'male-refuge') AS community
      FROM referrals_referral r JOIN casework_supportepisode e ON e.referral_id = r.id
      JOIN providers_service s ON s.id = e.service_id
     WHERE r.survivor_id = ANY(persons)
    UNION ALL
    SELECT e.id, e.referral_id, r.district_id, r.provider_id, e.started_on, COALESCE(e.ended_on, 'infinity'::date),
           -r.id, s.slug NOT IN ('refuge', 'male-refuge')
      FROM referrals_referral r JOIN casework_supportepisode e ON e.referral_id = r.id
      JOIN providers_service s ON s.id = e.service_id
     WHERE r.id = ANY(unlinked) AND r.survivor_id IS NULL
  ), ran AS (
    SELECT *, max(ends) OVER (PARTITION BY person ORDER BY started_on, id
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS running_until
      FROM episode
  )
  INSERT INTO reports_episodeentry (episode_id, referral_id, district_id, provider_id, person, started_on, is_entry,
                                    community)
  SELECT id, referral_id, district_id, provider_id, person, started_on,
         running_until IS NULL OR running_until < started_on, community
    FROM ran
  ON CONFLICT (episode_id) DO UPDATE SET
    referral_id = excluded.referral_id, district_id = excluded.district_id, provider_id = excluded.provider_id,
    person = excluded.person, started_on = excluded.started_on, is_entry = excluded.is_entry,
    community = excluded.community
  WHERE (reports_episodeentry.referral_id, reports_episodeentry.district_id, reports_episodeentry.provider_id,
         reports_episodeentry.person, reports_episodeentry.started_on, reports_episodeentry.is_entry,
         reports_episodeentry.community)
        IS DISTINCT FROM (excluded.referral_id, excluded.district_id, excluded.provider_id, excluded.person,
                          excluded.started_on, excluded.is_entry, excluded.community);
END $$;

CREATE OR REPLACE FUNCTION reports_entries_recount_all() RETURNS void LANGUAGE sql AS $$
  TRUNCATE reports_episodeentry;
  INSERT INTO reports_episodeentry (episode_id, referral_id, district_id, provider_id, person, started_on, is_entry,
                                    community)
  SELECT id, referral_id, district_id, provider_id, person, started_on,
         running_until IS NULL OR running_until < started_on, community
    FROM (
      SELECT e.id, e.referral_id, r.district_id, r.provider_id, e.started_on, COALESCE(r.survivor_id, -r.id) AS person,
             s.slug NOT IN ('refuge', 'male-refuge') AS community,
             max(COALESCE(e.ended_on, 'infinity'::date)) OVER (
               PARTITION BY COALESCE(r.survivor_id, -r.id) ORDER BY e.started_on, e.id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS running_until
        FROM casework_supportepisode e JOIN referrals_referral r ON r.id = e.referral_id
        JOIN providers_service s ON s.id = e.service_id
    ) ran;
$$;

CREATE OR REPLACE FUNCTION reports_entries_of_episodes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('kidas.entries_deferred', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM reports_episodeentry WHERE episode_id IN (SELECT id FROM old_rows);
    PERFORM reports_entries_recount(ARRAY(
      SELECT DISTINCT COALESCE(r.survivor_id, -r.id) FROM old_rows o JOIN referrals_referral r ON r.id = o.referral_id));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM reports_entries_recount(ARRAY(
      SELECT DISTINCT COALESCE(r.survivor_id, -r.id) FROM new_rows n JOIN referrals_referral r ON r.id = n.referral_id));
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_entries_of_referrals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('kidas.entries_deferred', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM reports_entries_recount(ARRAY(
    SELECT COALESCE(o.survivor_id, -o.id) FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (o.survivor_id, o.district_id, o.provider_id) IS DISTINCT FROM (n.survivor_id, n.district_id, n.provider_id)
    UNION
    SELECT COALESCE(n.survivor_id, -n.id) FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (o.survivor_id, o.district_id, o.provider_id) IS DISTINCT FROM (n.survivor_id, n.district_id, n.provider_id)));
  RETURN NULL;
END $$;

CREATE TRIGGER reports_entries_episode_insert AFTER INSERT ON casework_supportepisode
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_entries_of_episodes();
CREATE TRIGGER reports_entries_episode_update AFTER UPDATE ON casework_supportepisode
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_entries_of_episodes();
CREATE TRIGGER reports_entries_episode_delete AFTER DELETE ON casework_supportepisode
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_entries_of_episodes();
CREATE TRIGGER reports_entries_referral_update AFTER UPDATE ON referrals_referral
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_entries_of_referrals();

SELECT reports_entries_recount_all();
"""

FORGET = """
DROP TRIGGER IF EXISTS reports_entries_episode_insert ON casework_supportepisode;
DROP TRIGGER IF EXISTS reports_entries_episode_update ON casework_supportepisode;
DROP TRIGGER IF EXISTS reports_entries_episode_delete ON casework_supportepisode;
DROP TRIGGER IF EXISTS reports_entries_referral_update ON referrals_referral;
DROP FUNCTION IF EXISTS reports_entries_of_episodes();
DROP FUNCTION IF EXISTS reports_entries_of_referrals();
DROP FUNCTION IF EXISTS reports_entries_recount_all();
DROP FUNCTION IF EXISTS reports_entries_recount(bigint[]);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0005_recount_stored_months_with_imports'),
        ('casework', '0007_refuge_place_suitability'),
        ('referrals', '0014_safe_contact_check_history'),
        ('people', '0005_person_merge'),
        ('providers', '0002_signpost_rules_for_districts_outside_kidas'),
    ]

    operations = [
        migrations.CreateModel(
            name='EpisodeEntry',
            fields=[
                ('episode_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('referral_id', models.BigIntegerField()),
                ('district', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='providers.district')),
                ('provider', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='providers.organisation')),
                ('person', models.BigIntegerField(help_text="Her person's id, or minus the referral's id while it has no survivor.")),
                ('started_on', models.DateField()),
                ('is_entry', models.BooleanField()),
                ('community', models.BooleanField(help_text='Through a service other than a refuge.')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('is_entry', True)), fields=['started_on'], include=('person', 'community', 'district', 'provider'), name='episode_entry_started')],
            },
        ),
        migrations.RunSQL(RECOUNT, FORGET),
    ]
