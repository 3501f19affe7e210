"""Finding a person before a referral is saved: `candidates_for` answers the people already known who
may be the one being typed in, each scored 0-100 and explained, best first. The worker decides
("same person" or "new person"); nothing here links anyone.

How a candidate is found (each branch reads an index): a family name alike by trigrams (GIN,
pg_trgm), given and family names swapped, a previous name, the same date of birth, the same phone
number or email (on record or safe). How it is scored: names by people_name_likeness (trigrams,
sound-alike, typing slips; migration people 0004) with nickname forms ('Jon' is John), plus the date of
birth, phone, email and postcode. Below MINIMUM_SCORE a person is not offered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

from people.models import Person
from people.names import name_key
from people.nicknames import same_name_forms

MINIMUM_SCORE = 40
SHORTLIST = 100
NAME_POINTS = 50
DATE_OF_BIRTH_POINTS = 25
PHONE_POINTS = 20
EMAIL_POINTS = 20
POSTCODE_POINTS = 10


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: int
    reasons: tuple[str, ...]


MATCH_SQL = """
WITH pool AS (
    -- Found by a name alike (boost 0) or by evidence: a previous name, date of birth, phone, email (boost 1).
    -- Each branch carries the person's names from the rows it reads, so the thousands a common surname
    -- finds are not looked up a second time to be compared.
    SELECT id, merged_into_id, family_key, given_key, 0 AS boost
      FROM people_person WHERE %(family)s <> '' AND family_key %% %(family)s
    UNION ALL SELECT id, merged_into_id, family_key, given_key, 0
      FROM people_person WHERE %(given)s <> '' AND family_key %% %(given)s
    UNION ALL SELECT id, merged_into_id, family_key, given_key, 0
      FROM people_person WHERE %(family)s = '' AND %(given)s <> '' AND given_key %% %(given)s
    UNION ALL SELECT id, merged_into_id, family_key, given_key, 1
      FROM people_person WHERE date_of_birth = %(born)s
    UNION ALL SELECT p.id, p.merged_into_id, p.family_key, p.given_key, 1
      FROM people_person p
     WHERE p.id IN (
           SELECT person_id FROM people_personname WHERE %(family)s <> '' AND family_key %% %(family)s
           UNION ALL SELECT person_id FROM people_personphone WHERE %(phone)s <> '' AND number = %(phone)s
           UNION ALL SELECT person_id FROM people_safecontact WHERE %(phone)s <> '' AND safe_phone = %(phone)s
           UNION ALL SELECT person_id FROM people_personemail WHERE %(email)s <> '' AND address = %(email)s
           UNION ALL SELECT person_id FROM people_safecontact WHERE %(email)s <> '' AND safe_email = %(email)s
     )
),
people AS (
    -- A person merged into another is found as the one they were merged into. Only the likeliest
    -- SHORTLIST by plain trigram similarity go on to the full comparison (a common surname finds thousands).
    SELECT coalesce(merged_into_id, id) AS id,
           max(boost + greatest(
               0.6 * similarity(family_key, %(family)s) + 0.4 * similarity(given_key, %(given)s),
               0.6 * similarity(family_key, %(given)s) + 0.4 * similarity(given_key, %(family)s)
           )) AS rough
      FROM pool
     GROUP BY 1
     ORDER BY rough DESC, id  -- the output column: equally alike people in the order of their records
     LIMIT %(shortlist)s
),
likeness AS (
    SELECT p.id,
           CASE WHEN split_part(p.given_key, ' ', 1) = ANY(%(forms)s) THEN 1
                ELSE people_name_likeness(p.given_key, %(given)s) END AS given_like,
           people_name_likeness(p.family_key, %(family)s) AS family_like,
           0.6 * people_name_likeness(p.family_key, %(given)s)
             + 0.4 * people_name_likeness(p.given_key, %(family)s) AS swapped,
           (SELECT n.given_name || ' ' || n.family_name
                   || chr(31) || (0.6 * people_name_likeness(n.family_key, %(family)s))::text
              FROM people_personname n WHERE n.person_id = p.id
             ORDER BY people_name_likeness(n.family_key, %(family)s) DESC LIMIT 1) AS previous,
           p.date_of_birth = %(born)s AS same_birth,
           %(phone)s <> '' AND (
               EXISTS (SELECT 1 FROM people_personphone t WHERE t.person_id = p.id AND t.number = %(phone)s)
               OR EXISTS (SELECT 1 FROM people_safecontact s WHERE s.person_id = p.id AND s.safe_phone = %(phone)s)
           ) AS same_phone,
           %(email)s <> '' AND (
               EXISTS (SELECT 1 FROM people_personemail e WHERE e.person_id = p.id AND e.address = %(email)s)
               OR EXISTS (SELECT 1 FROM people_safecontact s WHERE s.person_id = p.id AND s.safe_email = %(email)s)
           ) AS same_email,
           %(postcode)s <> '' AND EXISTS (
               SELECT 1 FROM people_personaddress a WHERE a.person_id = p.id AND a.postcode = %(postcode)s
           ) AS same_postcode
      FROM people_person p
     WHERE p.id = ANY(ARRAY(SELECT id FROM people)) AND p.merged_into_id IS NULL
)
SELECT id, given_like, family_like, swapped, previous, same_birth, same_phone, same_email, same_postcode
  FROM likeness
"""


@dataclass(frozen=True)
class _Row:
    person_id: int
    given_like: float
    family_like: float
    swapped: float
    previous: str | None
    same_birth: bool | None
    same_phone: bool
    same_email: bool
    same_postcode: bool

    def scored(self, has_family: bool) -> tuple[int, list[str]]:
        reasons: list[str] = []
        direct = 0.6 * self.family_like + 0.4 * self.given_like if has_family else self.given_like
        name = direct
        previous_name, previous_like = "", 0.0
        if self.previous:
            previous_name, _, like = self.previous.partition(chr(31))
            previous_like = float(like) + 0.4 * self.given_like
        if self.swapped > name:
            name = self.swapped
        if previous_like > name:
            name = previous_like
        if name >= 0.5:
            if name == direct:
                reasons.append("Name exactly the same" if direct >= 0.999 else "Name alike")
            elif name == self.swapped:
                reasons.append("Given and family names the other way round")
            else:
                reasons.append(f"Known before as {previous_name.strip()}")
        score = NAME_POINTS * name
        for same, points, reason in (
            (self.same_birth, DATE_OF_BIRTH_POINTS, "Same date of birth"),
            (self.same_phone, PHONE_POINTS, "Same phone number"),
            (self.same_email, EMAIL_POINTS, "Same email address"),
            (self.same_postcode, POSTCODE_POINTS, "Same postcode"),
        ):
            if same:
                score += points
                reasons.append(reason)
        return min(100, round(score)), reasons


def candidates_for(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    postcode: str = "",
    phone: str = "",
    email: str = "",
    limit: int = 10,
) -> list[Candidate]:
    """The people who may be this one, best first. Postcode and phone are compared as normalised
    (referrals.normalise); names and email in any case and with or without accents."""
    given, family = name_key(given_name), name_key(family_name)
    if not (given or family or date_of_birth or phone or email):
        return []
    params = {
        "given": given,
        "family": family,
        "forms": sorted(same_name_forms(given)) or [""],
        "born": date_of_birth,
        "phone": phone,
        "email": email.strip().lower(),
        "postcode": postcode,
        "shortlist": SHORTLIST,
    }
    with connection.cursor() as cursor:
        cursor.execute(MATCH_SQL, params)
        rows = [_Row(*row) for row in cursor.fetchall()]
    scored = []
    for row in rows:
        score, reasons = row.scored(has_family=bool(family))
        if score >= MINIMUM_SCORE:
            scored.append((score, row.person_id, reasons))
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = scored[:limit]
    people = Person.objects.in_bulk([person_id for _, person_id, _ in best])
    return [
        Candidate(person=people[person_id], score=score, reasons=tuple(reasons)) for score, person_id, reasons in best
    ]
