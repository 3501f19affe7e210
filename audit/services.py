"""Writes to the access trail. Views and API views call `access_record` with the records they show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

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


def access_record(*, request: Any, action: str, records: Any, what: str = "") -> AccessEvent:
    """Write one access event: who, their organisation, when, which referrals, what, from where.
    `records` is a referral, an id, or an iterable of referrals / ids / row dicts. One INSERT, and
    committed at once when the request has no transaction (the read-only lists)."""
    user: Any = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        user = None
    return AccessEvent.objects.create(
        user_id=user.pk if user else None,
        organisation_id=user.organisation_id if user else None,
        action=action,
        referral_ids=_ids(records),
        what=(what or f"{request.method} {request.path}")[:200],
        ip=client_ip(request),
    )


def access_record_system(*, action: str, records: Iterable[int], what: str) -> AccessEvent:
    """An access event with no request: a scheduled task acting on records."""
    return AccessEvent.objects.create(action=action, referral_ids=list(records), what=what[:200])
