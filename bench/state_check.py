"""After a load run: no referral is in an illegal state. Every referral's state is one of the
states; every history row is a move the machine allows (referrals/states.py) or the first
'receive' row; and a referral with history is in the state its last row moved it to.
Prints `illegal_states: N` (run by bench/load.sh)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db.models import OuterRef, Subquery  # noqa: E402

from referrals.models import Referral, StateChange  # noqa: E402
from referrals.states import MOVES, State  # noqa: E402


def illegal_states() -> int:
    legal_pairs = {(str(source), str(move.target)) for move in MOVES.values() for source in move.sources}
    legal_pairs.add(("", str(State.RECEIVED)))
    bad_state = Referral.objects.exclude(state__in=State.values).count()
    pairs = StateChange.objects.values_list("from_state", "to_state").distinct()
    bad_moves = sum(
        StateChange.objects.filter(from_state=a, to_state=b).count() for a, b in pairs if (a, b) not in legal_pairs
    )
    last_to = StateChange.objects.filter(referral=OuterRef("pk")).order_by("-at", "-id").values("to_state")[:1]
    drifted = (
        Referral.objects.filter(state_changes__isnull=False)
        .distinct()
        .annotate(last_to=Subquery(last_to))
        .exclude(state=django.db.models.F("last_to"))
        .count()
    )
    for label, n in (("state not a state", bad_state), ("illegal moves", bad_moves), ("state ≠ last move", drifted)):
        if n:
            print(f"# {label}: {n}", file=sys.stderr)
    return bad_state + bad_moves + drifted


if __name__ == "__main__":
    print(f"illegal_states: {illegal_states()}")
