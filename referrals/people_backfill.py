"""Referrals into people in set-based SQL, for referrals that have no survivor yet: used by the data
migration (referrals 0008) and the benchmark seeder (devtools.seed, a first seed or a top-up); a
million referrals in minutes:

- one survivor per same-person match as referrals found repeats before people existed: the same name
  (accents and case aside) and date of birth, and the same postcode or phone number (either number,
  and through a chain: A shares a postcode with B, B a phone with C). Their details are the latest
  referral's; every address and phone given is kept as history; the safe-contact details are the
  latest referral's, dated as confirmed on the day that referral came in;
- a group that is the same person as a survivor already in the database (a top-up seed, or
  referrals written after people existed without a survivor) joins her, by the same rule: her name
  (accents and case aside) and date of birth, and one of her referrals with the same postcode or a
  phone number in common. Her record is kept; the new addresses and phones are added to her history,
  the latest of them current only when newer than anything she had, and her safe-contact details
  replaced only by newer ones. A group matching several survivors joins the one referred last;
- one perpetrator per survivor and name given: the same name is never merged across survivors
  without evidence (people.services.person_merge does that later, recorded and reversible); a
  survivor's existing perpetrator of that name is reused;
- one child per survivor, first name and date of birth, linked as living in the household (that is
  what a child on a referral meant); a survivor's existing child is reused.

The referral columns stay as they were. The change-history triggers are off while the rows are
written: the referral's own history already holds every value moved here.

Every rule above matches within one date of birth, so the referrals are moved in slices of dates of
birth of about a million referrals each: the same people as one pass, with each slice's sorts and
working tables the size of a million referrals (one pass over ten million spilled them to disk and
ran for hours)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import DatabaseError, transaction

SLICE_REFERRALS = 1_000_000

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
MATCH = """
-- Left from an earlier run in the same transaction (a seed and its top-up in one test), if any.
DROP TABLE IF EXISTS move_referral, move_contact, move_joined, move_known, move_survivor, move_perpetrator,
                     move_child, move_child_person;
CREATE TEMP TABLE move_referral ON COMMIT DROP AS
SELECT referral_id, received_at, gk, fk, dob, postcode, phone, safe_phone,
       CASE WHEN postcode <> '' THEN min(referral_id) OVER (PARTITION BY gk, fk, dob, postcode)
            ELSE referral_id END AS label
  FROM (SELECT r.id AS referral_id, r.received_at, {gk} AS gk, {fk} AS fk,
               r.date_of_birth AS dob, r.postcode, r.phone, r.safe_phone
          FROM referrals_referral r
         WHERE r.survivor_id IS NULL AND {born_in}) given;
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
-- Survivors already known: the same name and date of birth, and one of her referrals with the same postcode
-- or a number in common (the person she was merged into, if she was). The one referred last wins.
CREATE TEMP TABLE move_known ON COMMIT DROP AS
SELECT DISTINCT ON (m.label) m.label, coalesce(p.merged_into_id, p.id) AS person_id
  FROM move_referral m
  JOIN people_person p ON p.date_of_birth = m.dob AND p.given_key = m.gk AND p.family_key = m.fk
  JOIN referrals_referral r ON r.survivor_id = p.id
 WHERE (m.postcode <> '' AND r.postcode = m.postcode)
    OR (r.phone <> '' AND r.phone IN (m.phone, m.safe_phone))
    OR (r.safe_phone <> '' AND r.safe_phone IN (m.phone, m.safe_phone))
 ORDER BY m.label, r.received_at DESC, r.id DESC;
CREATE TEMP TABLE move_survivor ON COMMIT DROP AS
SELECT latest.label, latest.latest_id, latest.latest_at, k.person_id IS NOT NULL AS known,
       coalesce(k.person_id, {PERSON_ID}) AS person_id
  FROM (SELECT DISTINCT ON (label) label, referral_id AS latest_id, received_at AS latest_at
          FROM move_referral ORDER BY label, received_at DESC, referral_id DESC) latest
  LEFT JOIN move_known k ON k.label = latest.label;
-- A known survivor's new referrals are newer than anything she had: their latest details are current.
ALTER TABLE move_survivor ADD COLUMN newer boolean;
UPDATE move_survivor s SET newer = NOT s.known OR s.latest_at > coalesce(
    (SELECT max(r.received_at) FROM referrals_referral r WHERE r.survivor_id = s.person_id), '-infinity');
ANALYZE move_survivor;
INSERT INTO people_person (id, given_name, family_name, given_key, family_key, date_of_birth, gender, pronouns,
                           created_at, updated_at)
SELECT s.person_id, r.first_name, r.last_name, {key("r.first_name")}, {key("r.last_name")}, r.date_of_birth,
       r.gender, r.pronouns, now(), now()
  FROM move_survivor s JOIN referrals_referral r ON r.id = s.latest_id
 WHERE NOT s.known;
UPDATE referrals_referral r SET survivor_id = s.person_id
  FROM move_referral m JOIN move_survivor s ON s.label = m.label
 WHERE r.id = m.referral_id;
-- Address history: each address given once, from the first referral that gave it; the latest referral's
-- address is the current one (for a known survivor, only when newer than anything she had, and her
-- current address then ends that day), the others end on the last day they were given.
UPDATE people_personaddress a SET lived_until = (s.latest_at AT TIME ZONE 'Europe/London')::date
  FROM move_survivor s JOIN referrals_referral r ON r.id = s.latest_id
 WHERE s.known AND s.newer AND a.person_id = s.person_id AND a.lived_until IS NULL
   AND (r.address_line_1, r.address_line_2, r.town, r.postcode) <> ('', '', '', '')
   AND (a.line_1, a.line_2, a.town, a.postcode) <> (r.address_line_1, r.address_line_2, r.town, r.postcode);
INSERT INTO people_personaddress (person_id, line_1, line_2, town, postcode, district_id, lived_from, lived_until,
                                  recorded_at)
SELECT a.person_id, a.address_line_1, a.address_line_2, a.town, a.postcode, a.district_id,
       a.first_given::date, CASE WHEN a.is_current THEN NULL ELSE a.last_given::date END, now()
  FROM (SELECT s.person_id, r.address_line_1, r.address_line_2, r.town, r.postcode, min(r.district_id) AS district_id,
               min(r.received_at) AS first_given, max(r.received_at) AS last_given,
               bool_or(r.id = s.latest_id AND s.newer) AS is_current
          FROM move_referral m
          JOIN referrals_referral r ON r.id = m.referral_id
          JOIN move_survivor s ON s.label = m.label
         WHERE (r.address_line_1, r.address_line_2, r.town, r.postcode) <> ('', '', '', '')
         GROUP BY s.person_id, r.address_line_1, r.address_line_2, r.town, r.postcode) a
 WHERE NOT EXISTS (SELECT 1 FROM people_personaddress had
                    WHERE had.person_id = a.person_id AND had.line_1 = a.address_line_1
                      AND had.line_2 = a.address_line_2 AND had.town = a.town AND had.postcode = a.postcode);
INSERT INTO people_personphone (person_id, number, is_current, recorded_at)
SELECT p.person_id, p.phone, p.is_latest, now()
  FROM (SELECT s.person_id, m.phone, bool_or(m.referral_id = s.latest_id AND s.newer) AS is_latest
          FROM move_referral m JOIN move_survivor s ON s.label = m.label
         WHERE m.phone <> ''
         GROUP BY s.person_id, m.phone) p
 WHERE NOT EXISTS (SELECT 1 FROM people_personphone had WHERE had.person_id = p.person_id AND had.number = p.phone);
-- A known survivor's safe-contact details are replaced only by ones given later than they were confirmed.
INSERT INTO people_safecontact (person_id, safe_phone, safe_email, voicemail_allowed, safe_times, code_word,
                                perpetrator_has_phone_access, confirmed_safe_on, updated_at)
SELECT DISTINCT ON (s.person_id) s.person_id, r.safe_phone, r.safe_email, r.voicemail_allowed, r.safe_times,
       r.code_word, r.perpetrator_has_phone_access, (r.received_at AT TIME ZONE 'Europe/London')::date, now()
  FROM move_survivor s JOIN referrals_referral r ON r.id = s.latest_id
 ORDER BY s.person_id, r.received_at DESC, r.id DESC
    ON CONFLICT (person_id) DO UPDATE
   SET safe_phone = EXCLUDED.safe_phone, safe_email = EXCLUDED.safe_email,
       voicemail_allowed = EXCLUDED.voicemail_allowed, safe_times = EXCLUDED.safe_times,
       code_word = EXCLUDED.code_word, perpetrator_has_phone_access = EXCLUDED.perpetrator_has_phone_access,
       confirmed_safe_on = EXCLUDED.confirmed_safe_on, confirmed_by_id = NULL, updated_at = now()
 WHERE people_safecontact.confirmed_safe_on IS NULL
    OR people_safecontact.confirmed_safe_on < EXCLUDED.confirmed_safe_on;
"""  # noqa: S608 (constant SQL: only key()'s fixed fragments and column names are spliced in)

PERPETRATORS = f"""
-- One per survivor and name: her perpetrator of that name already known, else a new person.
CREATE TEMP TABLE move_perpetrator ON COMMIT DROP AS
SELECT survivor_id, pk, name, known_id IS NOT NULL AS known, coalesce(known_id, {PERSON_ID}) AS person_id
  FROM (SELECT named.*,
               (SELECT min(rp.person_id)
                  FROM referrals_referralperpetrator rp
                  JOIN referrals_referral had ON had.id = rp.referral_id
                  JOIN people_person pp ON pp.id = rp.person_id
                 WHERE had.survivor_id = named.survivor_id
                   AND btrim(pp.given_key || ' ' || pp.family_key) = named.pk) AS known_id
          FROM (SELECT DISTINCT ON (s.person_id, {key("r.perpetrator_name")}) s.person_id AS survivor_id,
                       {key("r.perpetrator_name")} AS pk, btrim(r.perpetrator_name) AS name
                  FROM move_referral m JOIN referrals_referral r ON r.id = m.referral_id
                  JOIN move_survivor s ON s.label = m.label
                 WHERE {key("r.perpetrator_name")} <> ''
                 ORDER BY s.person_id, {key("r.perpetrator_name")}, r.received_at DESC) named) found;
ANALYZE move_perpetrator;
INSERT INTO people_person (id, given_name, family_name, given_key, family_key, gender, pronouns, created_at,
                           updated_at)
SELECT person_id, given, family, {key("given")}, {key("family")}, '', '', now(), now()
  FROM (SELECT person_id,
               coalesce(substring(name FROM '^(.*\\S)\\s+\\S+$'), '') AS given,
               substring(name FROM '(\\S+)$') AS family
          FROM move_perpetrator WHERE NOT known) split;
INSERT INTO referrals_referralperpetrator (referral_id, person_id, relationship, lives_with_survivor)
SELECT r.id, p.person_id, r.perpetrator_relationship, r.perpetrator_lives_with_victim
  FROM move_referral m
  JOIN referrals_referral r ON r.id = m.referral_id
  JOIN move_survivor s ON s.label = m.label
  JOIN move_perpetrator p ON p.survivor_id = s.person_id AND p.pk = {key("r.perpetrator_name")};
"""  # noqa: S608 (constant SQL: only key()'s fixed fragments and column names are spliced in)

CHILDREN = f"""
CREATE TEMP TABLE move_child ON COMMIT DROP AS
SELECT c.id AS child_id, c.referral_id, s.person_id AS survivor_id, {key("c.first_name")} AS ck, c.date_of_birth,
       c.first_name
  FROM referrals_child c JOIN move_referral m ON m.referral_id = c.referral_id
  JOIN move_survivor s ON s.label = m.label;
ANALYZE move_child;
-- One per survivor, first name and date of birth: her child already known, else a new person.
CREATE TEMP TABLE move_child_person ON COMMIT DROP AS
SELECT survivor_id, ck, date_of_birth, first_name, known_id IS NOT NULL AS known,
       coalesce(known_id, {PERSON_ID}) AS person_id
  FROM (SELECT one.*,
               (SELECT min(rc.person_id)
                  FROM referrals_referralchild rc
                  JOIN referrals_referral had ON had.id = rc.referral_id
                  JOIN people_person pp ON pp.id = rc.person_id
                 WHERE had.survivor_id = one.survivor_id AND pp.given_key = one.ck
                   AND pp.date_of_birth IS NOT DISTINCT FROM one.date_of_birth) AS known_id
          FROM (SELECT DISTINCT ON (survivor_id, ck, date_of_birth) survivor_id, ck, date_of_birth, first_name
                  FROM move_child ORDER BY survivor_id, ck, date_of_birth, child_id DESC) one) found;
ANALYZE move_child_person;
INSERT INTO people_person (id, given_name, family_name, given_key, family_key, date_of_birth, gender, pronouns,
                           created_at, updated_at)
SELECT person_id, first_name, '', ck, '', date_of_birth, '', '', now(), now() FROM move_child_person WHERE NOT known;
INSERT INTO referrals_referralchild (referral_id, person_id, relationship, lives_in_household)
SELECT DISTINCT c.referral_id, p.person_id, 'not_recorded', 'yes'
  FROM move_child c
  JOIN move_child_person p
    ON p.survivor_id = c.survivor_id AND p.ck = c.ck AND p.date_of_birth IS NOT DISTINCT FROM c.date_of_birth;
"""  # noqa: S608 (constant SQL: only key()'s fixed fragments and column names are spliced in)

UNDO = """
UPDATE referrals_referral SET survivor_id = NULL WHERE survivor_id IS NOT NULL;
DELETE FROM referrals_referralchild;
DELETE FROM referrals_referralperpetrator;
DELETE FROM people_safecontact;
DELETE FROM people_personphone;
DELETE FROM people_personaddress;
DELETE FROM people_person;
"""


def _without_triggers(connection: Any, sql: list[str]) -> None:
    with connection.cursor() as cursor:
        # Foreign keys checked as each statement ends: deferred checks left pending would stop the
        # triggers being turned back on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for statement in sql:
            cursor.execute(statement)
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def born_in(first: date | None, last: date | None) -> str:
    """SQL for a referral's date of birth in [first, last), either end open: dates, not text, are spliced in."""
    bounds = ["TRUE"]
    if first is not None:
        bounds.append(f"r.date_of_birth >= DATE '{first.isoformat()}'")
    if last is not None:
        bounds.append(f"r.date_of_birth < DATE '{last.isoformat()}'")
    return " AND ".join(bounds)


def match_sql(first: date | None, last: date | None) -> str:
    return MATCH.format(gk=key("r.first_name"), fk=key("r.last_name"), born_in=born_in(first, last))


def dates_of_birth_slices(cursor: Any, per_slice: int) -> list[tuple[date | None, date | None]]:
    """[first, last) dates of birth cutting the referrals without a survivor into slices of about
    per_slice each (a date of birth is never cut in two), the first and last slices open-ended."""
    cursor.execute("SELECT count(*) FROM referrals_referral WHERE survivor_id IS NULL")
    slices = -(-cursor.fetchone()[0] // per_slice)
    if slices <= 1:
        return [(None, None)]
    cursor.execute(
        "SELECT DISTINCT unnest(percentile_disc(%s::float8[]) WITHIN GROUP (ORDER BY date_of_birth))"
        " FROM referrals_referral WHERE survivor_id IS NULL",
        [[n / slices for n in range(1, slices)]],
    )
    cuts: list[date | None] = sorted(row[0] for row in cursor.fetchall())
    edges = [None, *cuts, None]
    return list(zip(edges, edges[1:], strict=False))


def backfill_people(connection: Any, *, per_slice: int = SLICE_REFERRALS) -> None:
    """Move every referral without a survivor into people (the data migration, and the benchmark seeder)."""
    with connection.cursor() as cursor:
        # Room for the working tables in memory; settable only before the session's first temporary
        # table, so a session that has used one keeps the default.
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("SET LOCAL temp_buffers = '256MB'")
        except DatabaseError:
            pass
        slices = dates_of_birth_slices(cursor, per_slice)
    for first, last in slices:
        with connection.cursor() as cursor:
            cursor.execute(match_sql(first, last))
            while True:
                cursor.execute(JOIN_GROUPS)
                if cursor.rowcount == 0:
                    break
                cursor.execute("ANALYZE move_contact")
        _without_triggers(connection, [SURVIVORS, PERPETRATORS, CHILDREN, "ANALYZE people_person"])


def undo_backfill(connection: Any) -> None:
    _without_triggers(connection, [UNDO])
