"""Who is who: reads about staff that several apps need."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role, User


def administrator_ids() -> list[int]:
    """The active administrators (and superusers): told when nobody else can act, so nobody is left untold."""
    return list(
        User.objects.filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True).values_list(
            "pk", flat=True
        )
    )
