"""people_name_likeness(stored, typed): how alike two name keys are, 0 to 1, for the matcher
(people/matching.py): trigram similarity, or the same sound (double metaphone), or one or two typing
slips (Levenshtein distance). Keys are people.names.name_key: accents off, lower case."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION people_name_likeness(stored text, typed text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN stored = '' OR typed = '' THEN 0::real ELSE greatest(
    similarity(stored, typed),
    CASE WHEN dmetaphone(stored) = dmetaphone(typed) THEN 0.85 ELSE 0 END,
    CASE WHEN levenshtein(stored, typed) <= 1 THEN 0.85
         WHEN levenshtein(stored, typed) <= 2 AND length(typed) >= 6 THEN 0.7
         ELSE 0 END
  )::real END
$$
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0003_name_trigram_indexes")]

    operations = [migrations.RunSQL(CREATE, "DROP FUNCTION IF EXISTS people_name_likeness(text, text)")]
