"""Issue, rotate, revoke and list partner API keys. The key is printed once and never stored."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake import services
from intake.models import PartnerApiKey
from providers.models import Organisation


class Command(BaseCommand):
    help = "Manage partner API keys: issue ORG_SLUG, rotate PREFIX, revoke PREFIX, list"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue")
        issue.add_argument("organisation", help="organisation slug, e.g. kent-police")
        issue.add_argument("--name", default="")
        for name in ("rotate", "revoke"):
            sub.add_parser(name).add_argument("prefix")
        sub.add_parser("list")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "issue":
            try:
                organisation = Organisation.objects.get(slug=options["organisation"])
            except Organisation.DoesNotExist:
                raise CommandError(f"No organisation {options['organisation']!r}") from None
            _, key = services.partner_api_key_issue(organisation=organisation, name=options["name"])
            self.stdout.write(key)
        elif action == "list":
            for api_key in PartnerApiKey.objects.select_related("organisation"):
                state = f"revoked {api_key.revoked_at:%Y-%m-%d}" if api_key.revoked_at else "active"
                self.stdout.write(f"{api_key.prefix}\t{api_key.organisation.slug}\t{state}\t{api_key.name}")
        else:
            found = PartnerApiKey.objects.filter(prefix=options["prefix"]).first()
            if found is None:
                raise CommandError(f"No key with prefix {options['prefix']!r}")
            if action == "revoke":
                services.partner_api_key_revoke(key_id=found.pk)
                self.stdout.write(f"Revoked {found.prefix}")
            else:
                if not found.is_active:
                    raise CommandError("That key is revoked: issue a new one instead")
                _, key = services.partner_api_key_rotate(key_id=found.pk)
                self.stdout.write(key)
