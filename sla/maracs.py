"""What the MARAC clocks need to know of MARACs: which MARAC a referral waits for, the days it meets, its
coordinators, and which MARAC actions a person may open. The marac app sits above service levels
(ARCHITECTURE.md) and supplies these from MaracConfig.ready() (marac/handlers.py), so sla never imports marac.

Until it does (marac not installed) no MARAC is known: a listing clock runs the policy's whole allowance and,
with no coordinator to tell, the administrators are told (sla.recipients)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from accounts.models import User
from referrals.models import Referral


@dataclass(frozen=True)
class MaracLookups:
    # The MARAC the referral is referred to (a case not yet heard), or else the one covering its district.
    marac_of: Callable[[Referral], int | None]
    # The days a MARAC meets, on or after a day, soonest first (the first two are enough).
    meeting_days: Callable[[int, date], list[date]]
    # The active coordinators of a MARAC.
    coordinators: Callable[[int], QuerySet[User]]
    # Of these MARAC actions, the ids the user may open.
    actions_visible_to: Callable[[User, set[int]], set[int]]


NO_MARACS = MaracLookups(
    marac_of=lambda referral: None,
    meeting_days=lambda marac_id, day: [],
    coordinators=lambda marac_id: User.objects.none(),
    actions_visible_to=lambda user, action_ids: set(),
)

_registered: list[MaracLookups] = [NO_MARACS]


def register(lookups: MaracLookups) -> None:
    _registered[0] = lookups


def maracs() -> MaracLookups:
    return _registered[0]
