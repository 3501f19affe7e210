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
    # Inside a request's transaction the event commits with it. A read-only view that runs without one
    # (the caseload) commits it on its own, asynchronously (see _INSERT_ACCESS_EVENT_ON_ITS_OWN).
    on_its_own = connection.get_autocommit() and settings.AUDIT_ASYNCHRONOUS_READS
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                _INSERT_ACCESS_EVENT_ON_ITS_OWN if on_its_own else _INSERT_ACCESS_EVENT,
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
        except Exception:
            if on_its_own:  # the failed statement left its transaction open and aborted
                cursor.execute("ROLLBACK")
            raise


_INSERT_ACCESS_EVENT = (
    f'INSERT INTO "{AccessEvent._meta.db_table}" (at, user_id, organisation_id, action, referral_ids, what, ip)'
    " VALUES (%s, %s, %s, %s, %s::bigint[], %s, %s)"
)
# One round trip, committed without waiting for the disk: waiting for the write-ahead log to be flushed
# cost the busiest list more than everything else it does. PostgreSQL still writes the event in order
# and never half-writes it; what it risks is the last fraction of a second of such events (at most three
# wal_writer_delay, 0.6 s by default) if the database server itself crashes, never any other data: the
# choice is this transaction's alone. AUDIT_ASYNCHRONOUS_READS=0 makes these commits wait like the rest.
_INSERT_ACCESS_EVENT_ON_ITS_OWN = f"BEGIN; SET LOCAL synchronous_commit TO OFF; {_INSERT_ACCESS_EVENT}; COMMIT"


def access_record_system(*, action: str, records: Iterable[int], what: str) -> AccessEvent:
    """An access event with no request: a scheduled task acting on records."""
    return AccessEvent.objects.create(action=action, referral_ids=list(records), what=what[:200])
