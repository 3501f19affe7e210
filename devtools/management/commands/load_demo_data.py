from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.demo import demo_capacity_create, demo_referrals_create, demo_users_create
from referrals.models import Referral


class Command(BaseCommand):
    help = "Create the demo users (one per role and organisation) and fake referrals. Only when KIDAS_DEMO=1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--referrals", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KIDAS_DEMO:
            raise CommandError("Demo data is only loaded when KIDAS_DEMO=1: never on a live service.")
        users = demo_users_create()
        wanted = options["referrals"] - Referral.objects.count()
        made = demo_referrals_create(wanted) if wanted > 0 else 0
        demo_capacity_create()
        self.stdout.write(f"{len(users)} demo users; {made} fake referrals added ({Referral.objects.count()} in all)")
