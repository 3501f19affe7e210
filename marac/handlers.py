"""How MARAC reacts to referrals' events (referrals/events.py), connected in MaracConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify

from accounts.models import Role, User
from marac.models import Marac, MaracCoverage, MaracMeeting, MaracMembership, MaracReferral, NoticeKind
from marac.selectors import marac_actions_visible_to, referral_marac_history
from marac.services import (
    marac_coordinators,
    marac_coordinators_tell,
    marac_id_for,
    marac_listings_of,
    marac_on_state_change,
    marac_referral_list_if_due,
)
from providers import reference_data as ref
from providers.models import District
from referrals import extensions
from referrals.events import TriageNews
from referrals.models import Referral, RiskAssessment
from sla import maracs

NOTICE_OF: dict[TriageNews, str] = {
    TriageNews.STEPPED_DOWN: NoticeKind.STEP_DOWN,
    TriageNews.CLOSED: NoticeKind.CLOSURE,
}


def agendas_follow_the_state(
    sender: object, *, referral: Referral, to_state: str, user: User | None, reason: str, **kwargs: Any
) -> None:
    """In the move's transaction: a referral withdrawn or marked duplicate leaves the agendas to come."""
    marac_on_state_change(referral=referral, to_state=to_state, user=user, reason=reason)


def coordinators_hear_triage_news(
    sender: object, *, referral: Referral, user: User | None, news: TriageNews, text: str, **kwargs: Any
) -> None:
    marac_coordinators_tell(referral=referral, user=user, kind=NOTICE_OF[news], text=text)


def list_routed_referral(
    sender: object, *, referral: Referral, user: User | None, assessment: RiskAssessment | None, **kwargs: Any
) -> str | None:
    """A routed referral's open MARAC listing, made now if the rules send it to MARAC (high risk, or a repeat
    of its survivor–perpetrator pair whatever its risk level). Answers the MARAC's name, or None."""
    listed = marac_referral_list_if_due(referral=referral, user=user, assessment=assessment)
    return listed.marac.name if listed is not None else None


def load_maracs(sender: object, *, districts: dict[str, District], **kwargs: Any) -> dict[str, int]:
    """With the reference data: each MARAC, its meeting pattern and the districts it covers."""
    for district_name, (weekday, interval, limit) in ref.MARAC_PATTERNS.items():
        marac, _ = Marac.objects.update_or_create(
            slug=slugify(f"{district_name} marac"),
            defaults={
                "name": f"{district_name} MARAC",
                "meeting_weekday": weekday,
                "meeting_interval_weeks": interval,
                "case_limit": limit,
                "first_meeting_on": ref.MARAC_PATTERNS_FROM + timedelta(days=weekday),
            },
        )
        MaracCoverage.objects.update_or_create(district=districts[district_name], defaults={"marac": marac})
    return {"MARACs": Marac.objects.count()}


# ---------------------------------------------------------------- what MARAC adds to referrals (referrals/extensions.py)
def on_my_maracs(user: User) -> Q:
    """A MARAC coordinator sees the referrals listed at the MARACs they coordinate.

    Only referrals ever listed at a MARAC are looked at (`listed_at_marac`, set by the listing's trigger): a
    list newest first walks their own index, however many referrals came in since the last listing, rather
    than every referral. Their MARACs are read first and go into the statement as values, not as a subquery:
    the planner then knows how many listings they hold from its statistics per MARAC. With a subquery it
    guessed 6,645 of a county coordinator's 166,000 referrals at a million, so a list counted them exactly
    (3 s) instead of giving its estimate."""
    maracs = list(MaracMembership.objects.filter(user=user).values_list("marac_id", flat=True))
    return Q(listed_at_marac=True) & Q(
        Exists(MaracReferral.objects.filter(referral=OuterRef("pk"), marac_id__in=maracs))
    )


def referral_page(user: User, referral: Referral, readable: Callable[[str], str]) -> dict[str, Any]:
    return {"marac_referrals": referral_marac_history(user, referral.pk)}


def action_page(referral: Referral, move: str) -> dict[str, Any]:
    """Closing or withdrawing a referral held at MARAC tells its coordinators: said before the user confirms."""
    return {"marac_listings": marac_listings_of(referral) if move in ("close", "withdraw") else []}


# ---------------------------------------------------------------- what the service-level clocks need (sla/maracs.py)
def meeting_days(marac_id: int, on_or_after: date) -> list[date]:
    days = MaracMeeting.objects.filter(marac_id=marac_id, held_on__gte=on_or_after).order_by("held_on")
    return list(days.values_list("held_on", flat=True)[:2])


def actions_visible_to(user: User, action_ids: set[int]) -> set[int]:
    return set(marac_actions_visible_to(user).filter(pk__in=action_ids).values_list("pk", flat=True))


# What the service-level clocks need to know of MARACs (sla/maracs.py): sla sits below and never imports marac.
SLA_LOOKUPS = maracs.MaracLookups(
    marac_of=marac_id_for,
    meeting_days=meeting_days,
    coordinators=marac_coordinators,
    actions_visible_to=actions_visible_to,
)


def connect() -> None:
    maracs.register(SLA_LOOKUPS)
    extensions.register_scope(Role.MARAC_COORDINATOR, on_my_maracs)
    extensions.register_detail_context(referral_page)
    extensions.register_action_context(action_page)

    from providers.events import reference_data_loaded
    from providers.models import Organisation
    from referrals.events import high_risk_referral_routed, referral_routed, referral_state_changed, triage_news

    reference_data_loaded.connect(load_maracs, sender=Organisation, dispatch_uid="marac.load_maracs")

    referral_state_changed.connect(agendas_follow_the_state, sender=Referral, dispatch_uid="marac.agendas_follow")
    triage_news.connect(coordinators_hear_triage_news, sender=Referral, dispatch_uid="marac.triage_news")
    high_risk_referral_routed.connect(list_routed_referral, sender=Referral, dispatch_uid="marac.list_high_risk")
    referral_routed.connect(list_routed_referral, sender=Referral, dispatch_uid="marac.list_repeat")
