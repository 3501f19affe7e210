"""Times the person matcher (people.matching.candidates_for) over a fixed set of misspelt names and
prints `person_match_ms: value`, the median of every call (target < 100 at 1,000,000 referrals).
Each name is looked up once to warm the cache, then REPEATS times; some carry a postcode or a date of
birth, as a worker types them.

Usage: python bench/person_match.py   (run by bench/person_match.sh, DATABASE_URL set)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kidas.settings")

import django  # noqa: E402

django.setup()

from people.matching import candidates_for  # noqa: E402

REPEATS = int(os.environ.get("PERSON_MATCH_REPEATS", 5))
MISSPELT: list[dict[str, Any]] = [
    {"given_name": "Jon", "family_name": "Smyth"},
    {"given_name": "Sara", "family_name": "Jonson", "postcode": "ME10 3AB"},
    {"given_name": "Emely", "family_name": "Willams"},
    {"given_name": "Jessica", "family_name": "Tayler", "date_of_birth": date(1980, 5, 17)},
    {"given_name": "Hanna", "family_name": "Robertz"},
    {"given_name": "Chloe", "family_name": "Davis"},
    {"given_name": "Zoë", "family_name": "Brontë"},
    {"given_name": "Wright", "family_name": "Lucy"},
    {"given_name": "Megan", "family_name": "Evens", "postcode": "CT1 1AA"},
    {"given_name": "Katie", "family_name": "Thomsen"},
    {"given_name": "Olivia", "family_name": "Jonnes", "date_of_birth": date(1971, 2, 3)},
    {"given_name": "Amelia", "family_name": "Harrisson"},
    {"given_name": "Rebeca", "family_name": "Walkr"},
    {"given_name": "Liz", "family_name": "Grene"},
    {"given_name": "Sophie", "family_name": "Hughs", "date_of_birth": date(1990, 11, 30)},
]


def main() -> None:
    samples = []
    for typed in MISSPELT:
        candidates_for(**typed)
        for _ in range(REPEATS):
            started = time.perf_counter()
            candidates_for(**typed)
            samples.append((time.perf_counter() - started) * 1000)
    print(f"person_match_ms: {statistics.median(samples):.1f}")
    print(f"# max {max(samples):.1f} ms over {len(samples)} calls", file=sys.stderr)


if __name__ == "__main__":
    main()
