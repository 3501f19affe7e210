"""How MARAC reacts to referrals' events (referrals/events.py), connected in MaracConfig.ready()."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.text import slugify

from accounts.models import User
from marac.models import Marac, MaracCoverage, NoticeKind
from marac.services import marac_coordinators_tell, marac_on_state_change, marac_referral_list_if_due
from providers import reference_data as ref
from providers.models import District
from referrals.events import TriageNews
from referrals.models import Referral, RiskAssessment

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


def connect() -> None:
    from providers.events import reference_data_loaded
    from providers.models import Organisation
    from referrals.events import high_risk_referral_routed, referral_routed, referral_state_changed, triage_news

    reference_data_loaded.connect(load_maracs, sender=Organisation, dispatch_uid="marac.load_maracs")

    referral_state_changed.connect(agendas_follow_the_state, sender=Referral, dispatch_uid="marac.agendas_follow")
    triage_news.connect(coordinators_hear_triage_news, sender=Referral, dispatch_uid="marac.triage_news")
    high_risk_referral_routed.connect(list_routed_referral, sender=Referral, dispatch_uid="marac.list_high_risk")
    referral_routed.connect(list_routed_referral, sender=Referral, dispatch_uid="marac.list_repeat")
