"""Demo users and fake referrals for `make run`. Faker with the en_GB locale: never real people.

Faker (the `demo` extra) is imported only where fake referrals are made: the demo sign-ins and the
benchmark session work without it."""

from __future__ import annotations

import random
from base64 import b32decode
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from capacity.models import DistrictPopulation, Post
from marac.models import Marac, MaracCoverage, MaracMembership
from providers.models import District, Organisation, RoutingRule
from referrals import services
from referrals.models import Channel, Gender, Referral, Relationship, Source
from referrals.states import State

if TYPE_CHECKING:
    from faker import Faker

DEMO_PASSWORD = "demo-password-2026"
# Every demo user's authenticator shares this published secret (base32), so the demo's two-factor step
# can be passed with any authenticator app or `manage.py demo_code USERNAME`. Demo only (KIDAS_DEMO=1).
DEMO_TOTP_SECRET = "KIDASDEMOTOTPSECRETKIDASDEMOTOTP"

# username: (first, last, role, organisation slug)
DEMO_USERS = {
    "triage": ("Tara", "Triage", Role.TRIAGE_WORKER, "victim-support"),
    "vs.worker": ("Vic", "Worker", Role.PROVIDER_WORKER, "victim-support"),
    "vs.manager": ("Val", "Manager", Role.PROVIDER_MANAGER, "victim-support"),
    "centra.worker": ("Cara", "Worker", Role.PROVIDER_WORKER, "centra"),
    "centra.manager": ("Colin", "Manager", Role.PROVIDER_MANAGER, "centra"),
    "lookahead.worker": ("Lena", "Worker", Role.PROVIDER_WORKER, "look-ahead"),
    "lookahead.manager": ("Liam", "Manager", Role.PROVIDER_MANAGER, "look-ahead"),
    "davss.worker": ("Dee", "Worker", Role.PROVIDER_WORKER, "davss"),
    "davss.manager": ("Dan", "Manager", Role.PROVIDER_MANAGER, "davss"),
    "oasis.worker": ("Olu", "Worker", Role.PROVIDER_WORKER, "oasis"),
    "oasis.manager": ("Olive", "Manager", Role.PROVIDER_MANAGER, "oasis"),
    "coordinator": ("Corin", "Coordinator", Role.MARAC_COORDINATOR, "kent-marac-coordination"),
    "police": ("Pat", "Police", Role.PARTNER_USER, "kent-police"),
    "health": ("Hana", "Health", Role.PARTNER_USER, "nhs-kent-medway"),
    "childrens": ("Chris", "Childrens", Role.PARTNER_USER, "kcc-childrens-services"),
    "housing": ("Hari", "Housing", Role.PARTNER_USER, "swale-housing"),
    "probation": ("Priya", "Probation", Role.PARTNER_USER, "probation-kent"),
    "commissioner": ("Cam", "Commissioner", Role.COMMISSIONER, "kcc-commissioning"),
    "admin": ("Ada", "Admin", Role.ADMINISTRATOR, None),
}


def demo_users_create() -> dict[str, User]:
    users = {}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for username, (first, last, role, org_slug) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "organisation": organisations.get(org_slug) if org_slug else None,
                "email": f"{username}@example.org",
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        demo_authenticator_add(user)
        users[username] = user
    for marac in Marac.objects.all():
        MaracMembership.objects.get_or_create(marac=marac, user=users["coordinator"])
    swale = Marac.objects.filter(slug="swale-marac").first()
    if swale:
        for username in ("police", "health", "childrens", "housing", "probation"):
            MaracMembership.objects.get_or_create(marac=swale, user=users[username])
    return users


def demo_authenticator_add(user: User) -> TOTPDevice:
    """The user's authenticator; a demo user without one gets one with the published demo secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        key = b32decode(DEMO_TOTP_SECRET).hex()
        device = TOTPDevice.objects.create(user=user, name="Demo authenticator", key=key, confirmed=True)
    return device


CIRCUMSTANCES = [
    "Police attended after a neighbour reported shouting. Visible bruising to the arm.",
    "Disclosed to her GP that her partner checks her phone and controls the money.",
    "Ex-partner keeps turning up at her workplace and sending dozens of messages a day.",
    "Called the helpline after being locked out of the house overnight.",
    "Hospital A&E referral after a fall she says was a push down the stairs.",
    "Son's school raised concerns after he described arguments at home.",
    "Recently separated; partner has threatened to take the children abroad.",
    "Housing officer noticed damage to the front door and a frightened tenant.",
]


def _answers(fake: Faker, keys: list[str], yes: int) -> dict[str, str]:
    chosen = set(fake.random_sample(keys, length=yes))
    return {key: "yes" if key in chosen else fake.random_element(["no", "no", "not_known"]) for key in keys}


def _work_the_case(referral_id: int, worker: User, rng: random.Random) -> None:
    """Contact, support and sometimes closure, through the casework services."""
    from casework import services as casework
    from casework.models import OUTCOME_MEASURES

    referral = Referral.objects.get(pk=referral_id)
    if referral.safe_phone:
        outcome = rng.choice(["spoke", "spoke", "no_answer", "unsafe_to_talk"])
        casework.contact_attempt_log(
            user=worker,
            referral_id=referral_id,
            method="phone_call",
            outcome=outcome,
            # Needed only when the demo runs outside the referral's safe times; ignored inside them.
            outside_safe_times_reason="Client asked to be called back now",
        )
    if rng.random() < 0.2:
        return
    service = referral.service_id
    started_on = max(timezone.localdate() - timedelta(days=7), timezone.localdate(referral.received_at))
    casework.support_start(user=worker, referral_id=referral_id, service_id=service, started_on=started_on)
    casework.safety_plan_record(
        user=worker,
        referral_id=referral_id,
        summary="Safe route out agreed; trusted neighbour holds spare keys.",
        review_on=timezone.localdate() + timedelta(days=rng.randint(1, 40)),
    )
    if rng.random() < 0.4:
        casework.case_close(
            user=worker,
            referral_id=referral_id,
            reason="support_completed",
            outcomes={key: rng.choice(["yes", "yes", "no", "not_asked"]) for key in OUTCOME_MEASURES},
        )


# Demo partner staff by referral source: every other referral from these sources comes through the
# partner referral form (intake), so partners see their status list; every other self-referral online.
PARTNER_OF_SOURCE: dict[str, str] = {
    Source.POLICE: "police",
    Source.HEALTH: "health",
    Source.CHILDRENS_SOCIAL_CARE: "childrens",
    Source.HOUSING: "housing",
}


def _door(source: str, n: int, users: dict[str, User]) -> tuple[User | None, str]:
    if n % 2 and source == Source.SELF:
        return None, Channel.ONLINE
    if n % 2 and source in PARTNER_OF_SOURCE:
        return users[PARTNER_OF_SOURCE[source]], Channel.PARTNER_FORM
    return users["triage"], Channel.PHONE


def demo_referrals_create(count: int, *, seed: int = 2026) -> int:
    """Fake referrals through the real services, spread over districts, risks and states."""
    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERS)}
    triage = users["triage"]
    districts = list(District.objects.all())
    keys = list(services.current_checklist().questions.values_list("key", flat=True))
    providers = {u.organisation_id: u for u in users.values() if u.role == Role.PROVIDER_WORKER}
    now = timezone.now()
    made = 0
    for _ in range(count):
        with transaction.atomic():
            source = rng.choice([Source.POLICE] * 5 + list(Source.values))
            creator, channel = _door(source, made, users)
            referral = services.referral_create(
                user=creator,
                channel=channel,
                data={
                    "first_name": fake.first_name_female() if rng.random() < 0.85 else fake.first_name_male(),
                    "last_name": fake.last_name(),
                    "date_of_birth": fake.date_of_birth(minimum_age=16, maximum_age=80),
                    "gender": rng.choice([Gender.WOMAN] * 8 + [Gender.MAN, Gender.NON_BINARY]),
                    "address_line_1": fake.street_address(),
                    "town": fake.city(),
                    "postcode": fake.postcode(),
                    "district": rng.choice(districts) if rng.random() < 0.97 else None,
                    "phone": f"+4477009{rng.randint(0, 99999):05d}",
                    "safe_phone": f"+4477009{rng.randint(0, 99999):05d}" if rng.random() < 0.8 else "",
                    "voicemail_allowed": rng.random() < 0.3,
                    "safe_times": rng.choice(["Weekdays 9am to 3pm", "Mornings only", "Any time", ""]),
                    "code_word": fake.word() if rng.random() < 0.4 else "",
                    "perpetrator_has_phone_access": rng.random() < 0.2,
                    "perpetrator_name": fake.name(),
                    "perpetrator_relationship": rng.choice(Relationship.values),
                    "perpetrator_lives_with_victim": rng.random() < 0.4,
                    "source": source,
                    "consent_given": rng.random() < 0.92,
                    "consent_refusal_reason": "Does not want support now",
                    "circumstances": rng.choice(CIRCUMSTANCES),
                    "received_at": now - timedelta(minutes=rng.randint(10, 60 * 24 * 300)),
                },
            )
            made += 1
            if rng.random() < 0.1:
                continue  # waits in the triage queue
            yes = rng.choice([rng.randint(0, 9)] * 5 + [rng.randint(10, 13)] * 3 + [rng.randint(14, 22)] * 2)
            services.referral_assess(user=triage, referral_id=referral.pk, answers=_answers(fake, keys, yes))
            referral = Referral.objects.get(pk=referral.pk)
            worker = providers.get(referral.provider_id)
            if referral.state != State.ROUTED or worker is None or rng.random() < 0.2:
                continue
            if rng.random() < 0.1:
                services.referral_decline(user=worker, referral_id=referral.pk, reason="Outside our capacity this week")
                continue
            services.referral_accept(user=worker, referral_id=referral.pk)
            _work_the_case(referral.pk, worker, rng)
    demo_marac_meetings_create()
    demo_refuge_requests_create()
    return made


def demo_marac_meetings_create() -> None:
    """The next two Swale MARAC meetings, the first with its agenda filled (once only)."""
    from marac import services as marac_services

    swale = Marac.objects.filter(slug="swale-marac").first()
    coordinator = User.objects.filter(username="coordinator").first()
    if swale is None or coordinator is None or swale.meetings.exists():
        return
    with transaction.atomic():
        first = marac_services.meeting_schedule_next(user=coordinator, marac_id=swale.pk)
        marac_services.meeting_schedule_next(user=coordinator, marac_id=swale.pk)
        marac_services.meeting_agenda_fill(user=coordinator, meeting_id=first.pk)


# (refuge, household adults and children, wheelchair, the refuge's answer, reason): a few requests with
# each kind of answer, so the request list, the board and the figures have something to show.
DEMO_REFUGE_REQUESTS = [
    ("West Kent Refuge 1", 1, 3, False, "no_capacity", ""),
    ("North Kent Refuge", 1, 3, False, "accepted", ""),
    ("South Kent Refuge", 1, 1, True, "not_suitable", "wheelchair"),
    ("East Kent Refuge", 1, 0, False, "not_suitable", "no_recourse"),
    ("West Kent Refuge 2", 1, 2, False, "", ""),
]


def demo_refuge_requests_create() -> None:
    """A few refuge requests on the demo's referrals, answered by each refuge's provider (once only)."""
    from accommodation import services as accommodation_services
    from accommodation.models import RefugeRequest
    from casework.models import Refuge

    triage = User.objects.filter(username="triage").first()
    if triage is None or RefugeRequest.objects.exists():
        return
    referrals = list(Referral.objects.filter(gender=Gender.WOMAN).order_by("pk")[: len(DEMO_REFUGE_REQUESTS)])
    for referral, (name, adults, children, wheelchair, outcome, reason) in zip(
        referrals, DEMO_REFUGE_REQUESTS, strict=False
    ):
        refuge = Refuge.objects.get(name=name)
        with transaction.atomic():
            made = accommodation_services.refuge_request_make(
                user=triage,
                referral_id=referral.pk,
                refuge_id=refuge.pk,
                out_of_area=referral.district is not None and refuge.provider_id != referral.provider_id,
                adults=adults,
                children=children,
                needs_wheelchair_access=wheelchair,
            )
            manager = User.objects.filter(role=Role.PROVIDER_MANAGER, organisation_id=refuge.provider_id).first()
            if outcome and manager is not None:
                accommodation_services.refuge_request_answer(
                    user=manager, request_id=made.pk, outcome=outcome, unsuitable_reason=reason
                )


# Demand and capacity: DEMO figures only (is_demo=True, shown "(demo)" on every page that uses them).
# Not estimates of anything: a commissioner records the real ones on the populations and posts pages.
DEMO_WOMEN_16_PLUS = 50_000
DEMO_POSTS = [("idva", "2.00"), ("coordinator", "0.50"), ("outreach", "2.00"), ("childrens_worker", "1.00")]
DEMO_SOURCE = "Demo figure loaded with the demo data: not a real estimate"


def demo_capacity_create() -> int:
    """Demo posts for every MARAC (at its area's high-risk provider) and demo populations for every district,
    from the financial year KIDAS started; each marked demo. Real figures already recorded are left alone."""
    start = date(2017, 4, 1)
    made = 0
    for district in District.objects.all():
        for year in range(start.year, timezone.localdate().year + 1):
            _, created = DistrictPopulation.objects.get_or_create(
                district=district,
                year=year,
                defaults={"women_16_plus": DEMO_WOMEN_16_PLUS, "source": DEMO_SOURCE, "is_demo": True},
            )
            made += created
    coordination = Organisation.objects.get(slug="kent-marac-coordination")
    for coverage in MaracCoverage.objects.select_related("district", "marac"):
        rule = RoutingRule.objects.filter(risk_level="high", area=coverage.district.area).first()
        provider = rule.provider if rule else Organisation.objects.filter(provides_support=True).first()
        if provider is None or Post.objects.filter(marac=coverage.marac).exists():
            continue
        for role, fte in DEMO_POSTS:
            Post.objects.create(
                marac=coverage.marac,
                role=role,
                provider=coordination if role == "coordinator" else provider,
                fte=Decimal(fte),
                valid_from=start,
                note="Demo",
                is_demo=True,
            )
            made += 1
    return made
