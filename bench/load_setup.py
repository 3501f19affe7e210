"""Prints the environment bench/locustfile.py needs, as shell assignments: API tokens of the demo
triage worker and of the seeded provider workers with the most open cases, and the question keys
of the current risk checklist. Run by bench/load.sh on its own database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count, Q  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from referrals.services import current_checklist  # noqa: E402
from referrals.states import OPEN_CASE_STATES  # noqa: E402


def token_of(user: User) -> str:
    return Token.objects.get_or_create(user=user)[0].key


triage = User.objects.get(username="triage")
workers = list(
    User.objects.filter(role=Role.PROVIDER_WORKER, username__startswith="seed.")
    .annotate(open_cases=Count("allocated_referrals", filter=Q(allocated_referrals__state__in=OPEN_CASE_STATES)))
    .filter(open_cases__gt=0)
    .order_by("-open_cases")[:10]
)
if not workers:
    raise SystemExit("no seeded worker has open cases: seed more referrals")
print(f"KIDAS_TRIAGE_TOKENS={token_of(triage)}")
print(f"KIDAS_WORKER_TOKENS={','.join(token_of(w) for w in workers)}")
print(f"KIDAS_WORKER_USERNAME={workers[0].username}")
print(f"KIDAS_QUESTION_KEYS={','.join(q.key for q in current_checklist().questions.all())}")
