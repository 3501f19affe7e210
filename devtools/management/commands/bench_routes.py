from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from config.permissions import PERMISSIONS
from devtools.bench_routes import ANONYMOUS, BENCH_USERS, bench_routes, record_ids, roles_for, route_url
from devtools.demo import demo_marac_meetings_create, demo_users_create


class Command(BaseCommand):
    help = (
        "Print the routes `make bench` measures, one a line, tab-separated: label, username (- for an "
        "anonymous visitor), URL, page or api. Creates the demo users who play the roles and Swale's MARAC meetings "
        "first. Benchmarks only."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KIDAS_DEMO:
            raise CommandError("Only with KIDAS_DEMO=1: this creates the demo users.")
        demo_users_create()
        demo_marac_meetings_create()
        users = {role: User.objects.get(username=username) for role, username in BENCH_USERS.items()}
        ids = {role: record_ids(role, user, users["worker"]) for role, user in users.items()}
        ids[ANONYMOUS] = ids["worker"]
        for route in bench_routes():
            for role in roles_for(route, PERMISSIONS):
                url = route_url(route, ids[role])
                if url is None:
                    sys.stderr.write(f"# no record for {route.name} as {role}: not measured\n")
                    continue
                username = BENCH_USERS.get(role, "-")
                kind = "api" if route.api else "page"
                self.stdout.write(f"route_{route.label}_{role}\t{username}\t{url}\t{kind}")
