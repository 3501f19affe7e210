"""Names as the matcher compares them: accents off, lower case, one space, no punctuation. The data
migration does the same in SQL (lower(unaccent(...))), so keys written either way compare equal."""

from __future__ import annotations

import re
import unicodedata

_NOT_NAME = re.compile(r"[^a-z' -]+")


def name_key(raw: str) -> str:
    """'  Zoë  O’Brien-Smith ' → "zoe o'brien-smith"."""
    decomposed = unicodedata.normalize("NFKD", raw.replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(_NOT_NAME.sub(" ", plain).split())


def split_full_name(raw: str) -> tuple[str, str]:
    """A name typed in one box ('Dean Paul Smith') as (given names, family name). One word is a
    family name alone: a perpetrator known only as 'Smith' is not given a first name."""
    words = raw.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]
