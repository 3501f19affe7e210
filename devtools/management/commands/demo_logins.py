from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from devtools.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for username, (_first, _last, role, org) in DEMO_USERS.items():
            self.stdout.write(f"  {username:<18} {role.label:<22} {org or ''}")
        self.stdout.write(
            "Two-factor codes (demo only): every demo user's authenticator has the secret "
            f"{DEMO_TOTP_SECRET}\n"
            "  add it to an authenticator app as a time-based key, or print the current code with\n"
            "  KIDAS_DEMO=1 .venv/bin/python manage.py demo_code USERNAME"
        )
