"""Writes to the access trail. Views and API views call `access_record` with the records they show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection
from django.utils import timezone
from psycopg import sql

from access_trail.access import AccessEvent


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
    `records` is a referral, an id, or an iterable of referrals / ids / row dicts. One INSERT, committed
    with the request's transaction. (The caseload lists write theirs in the statement that reads the
    rows: access_recorded_in.)

    Every list and record request writes one, so the INSERT is plain SQL written once (the ORM's
    model-and-save path cost more than the rest of a list's work in Python)."""
    when, user_id, organisation_id, what = _who_and_what(request, what)
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_ACCESS_EVENT,
            [
                when,
                user_id,
                organisation_id,
                action,
                # As an array literal: psycopg's list adaptation inspects every element, which cost more
                # than the INSERT on a page of fifty.
                "{" + ",".join(map(str, _ids(records))) + "}",
                what,
                client_ip(request),
            ],
        )


def _who_and_what(request: Any, what: str) -> tuple[datetime, int | None, int | None, str]:
    user: Any = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        user = None
    return (
        timezone.now(),
        user.pk if user else None,
        user.organisation_id if user else None,
        (what or f"{request.method} {request.path}")[:200],
    )


_INSERT_ACCESS_EVENT = (
    sql.SQL(
        "INSERT INTO {events} (at, user_id, organisation_id, action, referral_ids, what, ip)"
        " VALUES (%s, %s, %s, %s, %s::bigint[], %s, %s)"
    )
    .format(events=sql.Identifier(AccessEvent._meta.db_table))
    .as_string()
)


class RecordedIn(NamedTuple):
    """An access event written by the statement that reads the records (see access_recorded_in)."""

    sql: str
    params: tuple[Any, ...]


def access_recorded_in(*, request: Any, action: str, what: str = "") -> RecordedIn:
    """access_record as a common table expression, `logged`, for a statement that reads the records
    itself: it inserts one event with the ids of the statement's relation `page` (columns id and
    position, in that order). The read and its record are then one statement, so neither happens
    without the other, and it costs no round trip of its own. It commits like every other write, once
    the write-ahead log is on disk: an access event to special category data is never given up for speed."""
    when, user_id, organisation_id, what = _who_and_what(request, what)
    return RecordedIn(_LOGGED_CTE, (when, user_id, organisation_id, action, what, client_ip(request)))


_LOGGED_CTE = (
    sql.SQL("""logged AS (
    INSERT INTO {events} (at, user_id, organisation_id, action, referral_ids, what, ip)
    SELECT %s, %s, %s, %s, coalesce(array_agg(page.id ORDER BY page.position), '{{}}'), %s, %s
      FROM page
)""")
    .format(events=sql.Identifier(AccessEvent._meta.db_table))
    .as_string()
)


def access_record_system(*, action: str, records: Iterable[int], what: str) -> AccessEvent:
    """An access event with no request: a scheduled task acting on records."""
    return AccessEvent.objects.create(action=action, referral_ids=list(records), what=what[:200])
