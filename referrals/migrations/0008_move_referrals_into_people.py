"""Every existing referral into people, in set-based SQL (a million referrals in minutes):

- one survivor per same-person match as referrals found repeats before people existed: the same name
  (accents and case aside) and date of birth, and the same postcode or phone number (either number,
  and through a chain: A shares a postcode with B, B a phone with C). Their details are the latest
  referral's; every address and phone given is kept as history; the safe-contact details are the
  latest referral's, dated as confirmed on the day that referral came in;
- one perpetrator per survivor and name given: the same name is never merged across survivors
  without evidence (people.services.person_merge does that later, recorded and reversible);
- one child per survivor, first name and date of birth, linked as living in the household (that is
  what a child on a referral meant).

The referral columns stay as they were. The change-history triggers are off while the rows are
written: the referral's own history already holds every value moved here."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, migrations, transaction

TABLES = (
    "referrals_referral",
    "people_person",
    "people_personaddress",
    "people_personphone",
    "people_safecontact",
    "referrals_referralperpetrator",
    "referrals_referralchild",
)


def key(column: str) -> str:
    """SQL for people.names.name_key."""
    return (
        "btrim(regexp_replace(regexp_replace(lower(unaccent(replace(" + column + ", '’', ''''))), "
        "'[^a-z'' -]+', ' ', 'g'), '\\s+', ' ', 'g'))"
    )


PERSON_ID = "nextval(pg_get_serial_sequence('people_person', 'id'))"

# First groups: the same name, date of birth and postcode (one sort). Then groups sharing a number join.
MATCH = f"""
CREATE TEMP TABLE move_referral ON COMMIT DROP AS
SELECT referral_id, received_at, gk, fk, dob, postcode, phone, safe_phone,
       CASE WHEN postcode <> '' THEN min(referral_id) OVER (PARTITION BY gk, fk, dob, postcode)
            ELSE referral_id END AS label
  FROM (SELECT r.id AS referral_id, r.received_at, {key("r.first_name")} AS gk, {key("r.last_name")} AS fk,
               r.date_of_birth AS dob, r.postcode, r.phone, r.safe_phone
          FROM referrals_referral r) given;
-- Each group's names, date of birth and numbers once.
CREATE TEMP TABLE move_contact ON COMMIT DROP AS
SELECT DISTINCT m.label, m.label AS root, m.gk, m.fk, m.dob, c.contact
  FROM move_referral m
 CROSS JOIN LATERAL unnest(ARRAY[m.phone, m.safe_phone]) AS c(contact)
 WHERE c.contact <> '';
CREATE INDEX ON move_contact (label);
ANALYZE move_referral;
ANALYZE move_contact;
"""

# One step of joining groups that share a contact: every group takes the smallest root of any group
# with the same name, date of birth and a contact in common. Repeated until nothing changes.
JOIN_GROUPS = """
UPDATE move_contact c SET root = g.root
  FROM (SELECT label, min(least_root) AS root
          FROM (SELECT label, min(root) OVER (PARTITION BY gk, fk, dob, contact) AS least_root
                  FROM move_contact) s
         GROUP BY label) g
 WHERE c.label = g.label AND g.root < c.root
"""

SURVIVORS = f"""
CREATE TEMP TABLE move_joined ON COMMIT DROP AS SELECT DISTINCT label, root FROM move_contact WHERE root <> label;
UPDATE move_referral m SET label = j.root FROM move_joined j WHERE m.label = j.label;
CREATE INDEX ON move_referral (label);
ANALYZE move_referral;
CREATE TEMP TABLE move_survivor ON COMMIT DROP AS
SELECT label, latest_id, {PERSON_ID} AS person_id
  FROM (SELECT DISTINCT ON (label) label, referral_id AS latest_id
          FROM move_referral ORDER BY label, received_at DESC, referral_id DESC) latest;
ANALYZE move_survivor;
INSERT INTO people_person (id, given_name, family_name, given_key, family_key, date_of_birth, gender, pronouns,
                           created_at, updated_at)
SELECT s.person_id, r.first_name, r.last_name, {key("r.first_name")}, {key("r.last_name")}, r.date_of_birth,
       r.gender, r.pronouns, now(), now()
  FROM move_survivor s JOIN referrals_referral r ON r.id = s.latest_id;
UPDATE referrals_referral r SET survivor_id = s.person_id
  FROM move_referral m JOIN move_survivor s ON s.label = m.label
 WHERE r.id = m.referral_id;
-- Address history: each address given once, from the first referral that gave it; the latest referral's
-- address is the current one, the others end on the last day they were given.
INSERT INTO people_personaddress (person_id, line_1, line_2, town, postcode, district_id, lived_from, lived_until,
                                  recorded_at)
SELECT s.person_id, a.address_line_1, a.address_line_2, a.town, a.postcode, a.district_id,
       a.first_given::date, CASE WHEN a.is_latest THEN NULL ELSE a.last_given::date END, now()
  FROM (SELECT m.label, r.address_line_1, r.address_line_2, r.town, r.postcode, r.district_id,
               min(r.received_at) AS first_given, max(r.received_at) AS last_given,
               bool_or(r.id = s.latest_id) AS is_latest
          FROM move_referral m
          JOIN referrals_referral r ON r.id = m.referral_id
          JOIN move_survivor s ON s.label = m.label
         WHERE (r.address_line_1, r.address_line_2, r.town, r.postcode) <> ('', '', '', '')
         GROUP BY m.label, r.address_line_1, r.address_line_2, r.town, r.postcode, r.district_id) a
  JOIN move_survivor s ON s.label = a.label;
INSERT INTO people_personphone (person_id, number, is_current, recorded_at)
SELECT s.person_id, p.phone, p.is_latest, now()
  FROM (SELECT m.label, m.phone, bool_or(m.referral_id = s.latest_id) AS is_latest
          FROM move_referral m JOIN move_survivor s ON s.label = m.label
         WHERE m.phone <> ''
         GROUP BY m.label, m.phone) p
  JOIN move_survivor s ON s.label = p.label;
INSERT INTO people_safecontact (person_id, safe_phone, safe_email, voicemail_allowed, safe_times, code_word,
                                perpetrator_has_phone_access, confirmed_safe_on, updated_at)
SELECT s.person_id, r.safe_phone, r.safe_email, r.voicemail_allowed, r.safe_times, r.code_word,
       r.perpetrator_has_phone_access, (r.received_at AT TIME ZONE 'Europe/London')::date, now()
  FROM move_survivor s JOIN referrals_referral r ON r.id = s.latest_id;
"""

PERPETRATORS = f"""
CREATE TEMP TABLE move_perpetrator ON COMMIT DROP AS
SELECT label, pk, name, {PERSON_ID} AS person_id
  FROM (SELECT DISTINCT ON (m.label, {key("r.perpetrator_name")}) m.label, {key("r.perpetrator_name")} AS pk,
               btrim(r.perpetrator_name) AS name
          FROM move_referral m JOIN referrals_referral r ON r.id = m.referral_id
         WHERE {key("r.perpetrator_name")} <> ''
         ORDER BY m.label, {key("r.perpetrator_name")}, r.received_at DESC) named;
ANALYZE move_perpetrator;
INSERT INTO people_person (id, given_name, family_name, given_key, family_key, gender, pronouns, created_at,
                           updated_at)
SELECT person_id, given, family, {key("given")}, {key("family")}, '', '', now(), now()
  FROM (SELECT person_id,
               coalesce(substring(name FROM '^(.*\\S)\\s+\\S+$'), '') AS given,
               substring(name FROM '(\\S+)$') AS family
          FROM move_perpetrator) split;
INSERT INTO referrals_referralperpetrator (referral_id, person_id, relationship, lives_with_survivor)
SELECT r.id, p.person_id, r.perpetrator_relationship, r.perpetrator_lives_with_victim
  FROM move_referral m
  JOIN referrals_referral r ON r.id = m.referral_id
  JOIN move_perpetrator p ON p.label = m.label AND p.pk = {key("r.perpetrator_name")};
"""

CHILDREN = f"""
CREATE TEMP TABLE move_child ON COMMIT DROP AS
SELECT c.id AS child_id, c.referral_id, m.label, {key("c.first_name")} AS ck, c.date_of_birth, c.first_name
  FROM referrals_child c JOIN move_referral m ON m.referral_id = c.referral_id;
ANALYZE move_child;
CREATE TEMP TABLE move_child_person ON COMMIT DROP AS
SELECT label, ck, date_of_birth, first_name, {PERSON_ID} AS person_id
  FROM (SELECT DISTINCT ON (label, ck, date_of_birth) label, ck, date_of_birth, first_name
          FROM move_child ORDER BY label, ck, date_of_birth, child_id DESC) one;
ANALYZE move_child_person;
INSERT INTO people_person (id, given_name, family_name, given_key, family_key, date_of_birth, gender, pronouns,
                           created_at, updated_at)
SELECT person_id, first_name, '', ck, '', date_of_birth, '', '', now(), now() FROM move_child_person;
INSERT INTO referrals_referralchild (referral_id, person_id, relationship, lives_in_household)
SELECT DISTINCT c.referral_id, p.person_id, 'not_recorded', 'yes'
  FROM move_child c
  JOIN move_child_person p
    ON p.label = c.label AND p.ck = c.ck AND p.date_of_birth IS NOT DISTINCT FROM c.date_of_birth;
"""

UNDO = """
UPDATE referrals_referral SET survivor_id = NULL WHERE survivor_id IS NOT NULL;
DELETE FROM referrals_referralchild;
DELETE FROM referrals_referralperpetrator;
DELETE FROM people_safecontact;
DELETE FROM people_personphone;
DELETE FROM people_personaddress;
DELETE FROM people_person;
"""


def _without_triggers(schema_editor: Any, sql: list[str]) -> None:
    with schema_editor.connection.cursor() as cursor:
        # Foreign keys checked as each statement ends: deferred checks left pending would stop the
        # triggers being turned back on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for statement in sql:
            cursor.execute(statement)
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def move(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        # Room for the working tables in memory; settable only before the session's first temporary
        # table, so a session that has used one keeps the default.
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute("SET LOCAL temp_buffers = '256MB'")
        except DatabaseError:
            pass
        cursor.execute(MATCH)
        while True:
            cursor.execute(JOIN_GROUPS)
            if cursor.rowcount == 0:
                break
            cursor.execute("ANALYZE move_contact")
    _without_triggers(schema_editor, [SURVIVORS, PERPETRATORS, CHILDREN, "ANALYZE people_person"])


def undo(apps: Any, schema_editor: Any) -> None:
    _without_triggers(schema_editor, [UNDO])


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0007_people_history"),
        ("audit", "0006_people_history"),
    ]

    operations = [migrations.RunPython(move, undo)]
