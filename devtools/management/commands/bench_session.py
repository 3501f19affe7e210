from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.models import User
from devtools.demo import demo_authenticator_add


class Command(BaseCommand):
    help = (
        "Print a signed-in session key for a user, past the two-factor step, so a load generator can act as "
        "them. Benchmarks only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KIDAS_DEMO:
            raise CommandError("Only with KIDAS_DEMO=1: this signs a user in without a password.")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']}")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackendWithDevices"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = demo_authenticator_add(user).persistent_id
        session.create()
        self.stdout.write(session.session_key or "")
