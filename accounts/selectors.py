"""Who is who: reads about staff that several apps need."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from kidas.db.columns import own_columns


def administrator_ids() -> list[int]:
    """The active administrators (and superusers): told when nobody else can act, so nobody is left untold."""
    return list(
        User.objects.filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True).values_list(
            "pk", flat=True
        )
    )


# What a user's name is made of as the app shows it (str(user): the full name, else the username). A record that
# names who made it reads these of them, not their account (password hash, email, role).
NAME_COLUMNS = ("username", "first_name", "last_name")


def named(*relations: str) -> tuple[str, ...]:
    """The `only()` paths of the names of the users at `relations` (read with select_related)."""
    return tuple(f"{relation}__{column}" for relation in relations for column in NAME_COLUMNS)


def with_names(rows: QuerySet[Any], *relations: str) -> QuerySet[Any]:
    """`rows` with the users at `relations` read in the same statement, by name (NAME_COLUMNS) rather than their whole
    account; every column of the rows themselves is read, and any other relation they are read with is read whole."""
    return rows.select_related(*relations).only(*own_columns(rows.model), *named(*relations))


def names_of(user_ids: Iterable[int | None]) -> dict[int | None, str]:
    """Each user's name as the app shows it (str(user): the full name, else the username), by id, in one
    statement: a list of who did what reads its people once, not joined to each kind of record. None (nobody,
    the system) is never a key: look it up with a default."""
    wanted = {pk for pk in user_ids if pk is not None}
    if not wanted:
        return {}
    people = User.objects.filter(pk__in=sorted(wanted)).only(*NAME_COLUMNS)
    return {person.pk: str(person) for person in people}
