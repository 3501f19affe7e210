"""Reads of the audit trail. A provider manager sees the trail of their organisation's cases; an
administrator sees and searches everything; nobody else sees any of it (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.http import Http404
from pghistory.models import Events

from access_trail.access import AccessEvent
from accounts.models import User
from marac.models import MaracAction, MaracReferral
from referrals.models import Referral
from referrals.policies import may_see_case_trail
from referrals.restricted import RESTRICTED_NAMES, code_words_of_each, mask_code_words
from referrals.selectors import referral_get_for_user

RESTRICTED_VALUE = "(restricted)"


def case_trail_referral_for_user(user: User, referral_id: int) -> Referral:
    """The referral whose trail this user may see, or 404 (out of scope or not their organisation's)."""
    referral = referral_get_for_user(user, referral_id)
    if not may_see_case_trail(user, referral):
        raise Http404("No such referral")
    return referral


def access_events(*, username: str = "", referral_id: int | None = None) -> QuerySet[AccessEvent]:
    """Access events, newest first, optionally by user (username) and by referral."""
    events = AccessEvent.objects.select_related("user", "organisation").order_by("-at", "-id")
    if username:
        events = events.filter(user__username__iexact=username.strip())
    if referral_id is not None:
        events = events.filter(referral_ids__contains=[referral_id])
    return events


@dataclass(frozen=True)
class ChangeEvent:
    at: datetime
    what: str
    label: str
    record_id: str
    changes: dict[str, Any]
    user_id: Any
    ip: str | None
    url: str | None


def _scrub(values: dict[str, Any] | None, code_words: tuple[str, ...]) -> dict[str, Any]:
    """Restricted values never reach a trail page: the change is shown, not the value; free text shows
    the code word masked (referrals.restricted)."""
    return {key: _scrub_value(key, value, code_words) for key, value in (values or {}).items()}


def _scrub_value(key: str, value: Any, code_words: tuple[str, ...]) -> Any:
    if key in RESTRICTED_NAMES and value not in ("", None, ["", ""]):
        return RESTRICTED_VALUE
    if isinstance(value, str):
        return mask_code_words(value, code_words)
    if isinstance(value, list):  # a diff: [before, after]
        return [mask_code_words(v, code_words) if isinstance(v, str) else v for v in value]
    return value


def change_events(referral: Referral, *, scrub: bool = True) -> list[ChangeEvent]:
    """Every captured change to the referral and the rows that hang off it, newest first, with the
    user and address of the request that made it (none for a change made outside the app)."""
    return change_events_of([referral], scrub=scrub)[referral.pk]


def change_events_of(referrals: list[Referral], *, scrub: bool = True) -> dict[int, list[ChangeEvent]]:
    """`change_events` of each of `referrals`, read together: one query per kind of record (the referrals, their
    MARAC cases, the cases' actions), not one per referral. Each query names every event table that references
    the kind, and took the database longer to plan than to run (a survivor's eleven referrals, 140 ms)."""
    cases = list(MaracReferral.objects.filter(referral__in=referrals).only("id", "referral_id"))
    actions = list(MaracAction.objects.filter(case__in=cases).only("id", "case_id"))
    case_referral = {case.pk: case.referral_id for case in cases}
    owners: list[tuple[type[Model], list[Any], dict[Any, int]]] = [
        (Referral, list(referrals), {referral.pk: referral.pk for referral in referrals}),
        (MaracReferral, cases, case_referral),
        (MaracAction, actions, {action.pk: case_referral[action.case_id] for action in actions}),
    ]
    found: dict[int, dict[tuple[str, Any], Any]] = {referral.pk: {} for referral in referrals}
    for model, group, referral_of in owners:
        if not group:
            continue
        # pghistory looks up the references of one model at a time; an event found twice is kept once.
        for event in Events.objects.references(group):
            for referenced in _referenced_ids(event, model):
                owner = referral_of.get(referenced)
                if owner is not None:
                    found[owner][(event.pgh_model, event.pgh_id)] = event
    code_words = code_words_of_each(referrals) if scrub else {}
    return {
        referral_id: [
            _change_event(event, code_words.get(referral_id, ()), scrub=scrub)
            for event in sorted(
                events.values(), key=lambda event: (event.pgh_created_at, str(event.pgh_id)), reverse=True
            )
        ]
        for referral_id, events in found.items()
    }


def _referenced_ids(event: Any, model: type[Model]) -> set[Any]:
    """The ids of `model`'s rows that an event references, by pghistory's own rule (Events.references): its
    tracked row, and any foreign key of the event's model to `model`."""
    event_model = apps.get_model(event.pgh_model)
    ids = set()
    for field in event_model._meta.fields:
        if field.related_model is None or field.related_model._meta.concrete_model is not model:
            continue
        value = event.pgh_obj_id if field.name == "pgh_obj" else (event.pgh_data or {}).get(field.column)
        if value is not None:
            ids.add(model._meta.pk.to_python(value))
    return ids


def _change_event(event: Any, code_words: tuple[str, ...], *, scrub: bool) -> ChangeEvent:
    context = event.pgh_context or {}
    changes = event.pgh_diff if event.pgh_diff else event.pgh_data
    return ChangeEvent(
        at=event.pgh_created_at,
        what=event.pgh_model.split(".")[-1].removesuffix("Event"),
        label=event.pgh_label,
        record_id=str(event.pgh_obj_id),
        changes=_scrub(changes, code_words) if scrub else dict(changes or {}),
        user_id=context.get("user"),
        ip=context.get("ip"),
        url=context.get("url"),
    )
