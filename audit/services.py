"""Writes to the access trail. Views and API views call `access_record` with the records they show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from audit.models import AccessEvent


def client_ip(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR. Behind a proxy set AUDIT_IP_META_KEY to the header the proxy
    sets (HTTP_X_FORWARDED_FOR: the first address is the client's)."""
    raw = request.META.get(settings.AUDIT_IP_META_KEY) or ""
    raw = raw.split(",")[0].strip()
    return raw or None


def _ids(records: Any) -> list[int]:
    if records is None:
        return []
    if isinstance(records, int):
        return [records]
    if hasattr(records, "pk"):
        return [records.pk]
    ids: list[int] = []
    for record in records:
        if isinstance(record, dict):
            ids.append(int(record["id"]))
        elif hasattr(record, "pk"):
            ids.append(int(record.pk))
        else:
            ids.append(int(record))
    return ids


def access_record(*, request: Any, action: str, records: Any, what: str = "") -> None:
    """Write one access event: who, their organisation, when, which referrals, what, from where.
    `records` is a referral, an id, or an iterable of referrals / ids / row dicts. One INSERT, and
    committed at once when the request has no transaction (the read-only lists).

    Every list and record request writes one, so the INSERT is plain SQL written once (the ORM's
    model-and-save path cost more than the rest of a list's work in Python)."""
    user: Any = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        user = None
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_ACCESS_EVENT,
            [
                timezone.now(),
                user.pk if user else None,
                user.organisation_id if user else None,
                action,
                # As an array literal: psycopg's list adaptation inspects every element, which cost more
                # than the INSERT on a page of fifty.
                "{" + ",".join(map(str, _ids(records))) + "}",
                (what or f"{request.method} {request.path}")[:200],
                client_ip(request),
            ],
        )


_INSERT_ACCESS_EVENT = (
    f'INSERT INTO "{AccessEvent._meta.db_table}" (at, user_id, organisation_id, action, referral_ids, what, ip)'
    " VALUES (%s, %s, %s, %s, %s::bigint[], %s, %s)"
)


def access_record_system(*, action: str, records: Iterable[int], what: str) -> AccessEvent:
    """An access event with no request: a scheduled task acting on records."""
    return AccessEvent.objects.create(action=action, referral_ids=list(records), what=what[:200])
