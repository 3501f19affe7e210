"""The user-facing actions on a referral, declared once. The pages and the API both dispatch
through this table to the same services, so a page and the API can never disagree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django_fsm import can_proceed

from accounts.models import User
from referrals import services
from referrals.models import Referral
from referrals.policies import may_act_for_provider
from referrals.states import MOVES


@dataclass(frozen=True)
class Action:
    slug: str  # in URLs: /referrals/<id>/<slug>/ and /api/v1/referrals/<id>/<slug>/
    move: str  # the state machine transition it makes
    label: str
    run: Callable[[User, int, Mapping[str, Any]], Referral]
    reason: str = "optional"  # "required", "optional" or "none"
    inputs: str = "reason"  # which form / serializer: "reason", "duplicate", "manual_route", "none"
    # GOV.UK buttons: the primary action of the page is green; warning (red) is only for what destroys or
    # ends something and cannot be undone (closing, withdrawing, marking duplicate); the rest are secondary.
    primary: bool = False
    warning: bool = False
    # On the page, a provider starts support by starting a service (casework), which makes this move.
    button: bool = True


ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in [
        Action(
            "accept",
            "accept",
            "Accept referral",
            lambda u, pk, d: services.referral_accept(
                user=u,
                referral_id=pk,
                worker_id=d["worker"].pk if d.get("worker") else None,
                reason=d.get("reason", ""),
            ),
            inputs="accept",
            primary=True,
        ),
        # Not destructive, so not a warning: the referral goes back to the triage team to be routed again.
        Action(
            "decline",
            "decline",
            "Decline referral",
            lambda u, pk, d: services.referral_decline(user=u, referral_id=pk, reason=d["reason"]),
            reason="required",
        ),
        Action(
            "start-support",
            "start_support",
            "Start support",
            lambda u, pk, d: services.referral_start_support(user=u, referral_id=pk, reason=d.get("reason", "")),
            button=False,
        ),
        Action(
            "close",
            "close",
            "Close case",
            lambda u, pk, d: services.referral_close(user=u, referral_id=pk, reason=d["reason"]),
            reason="required",
            warning=True,
        ),
        Action(
            "route",
            "route",
            "Route by the rules",
            lambda u, pk, d: services.referral_route(user=u, referral_id=pk),
            reason="none",
            inputs="none",
        ),
        Action(
            "manual-route",
            "route",
            "Route by hand",
            lambda u, pk, d: services.referral_route_manually(
                user=u, referral_id=pk, provider_id=d["provider"].pk, service_id=d["service"].pk, reason=d["reason"]
            ),
            reason="required",
            inputs="manual_route",
        ),
        Action(
            "withdraw",
            "withdraw",
            "Withdraw referral",
            lambda u, pk, d: services.referral_withdraw(user=u, referral_id=pk, reason=d["reason"]),
            reason="required",
            warning=True,
        ),
        Action(
            "mark-duplicate",
            "mark_duplicate",
            "Mark as duplicate",
            lambda u, pk, d: services.referral_mark_duplicate(
                user=u, referral_id=pk, duplicate_of_id=d["duplicate_of"], reason=d.get("reason", "")
            ),
            inputs="duplicate",
            warning=True,
        ),
    ]
}


def actions_available(user: User, referral: Referral) -> list[Action]:
    """What this user could do to this referral now (for buttons; the services check again)."""
    available = []
    for action in ACTIONS.values():
        if not action.button or not services.user_may(user, action.move):
            continue
        if action.move in ("accept", "decline", "start_support") and not may_act_for_provider(user, referral):
            continue
        if can_proceed(getattr(referral, action.move)):
            available.append(action)
    return available


if not {a.move for a in ACTIONS.values()} <= set(MOVES):
    raise ImproperlyConfigured("Every referral action names a move of referrals.states.MOVES")
