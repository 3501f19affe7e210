"""Who may reach what, proven over HTTP for every route the project has.

Every URL pattern (walked from Django's resolver) and every API operation (from drf-spectacular's
generator) must be classified in ROUTES, so a new endpoint cannot be forgotten: an unclassified or
stale entry fails the first test. Then, for each persona, every record outside the persona's scope
(as the scoping selectors define it) answers 404 to GET, 403/404 to POST (or 405 where the route
takes no such method), and nothing in the database changes; and no page or API answer the persona
can open names a referral outside its scope.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accommodation.children_service import child_case_refer, child_case_start
from accommodation.children_service_selectors import child_cases_visible_to
from accommodation.sanctuary.selectors import sanctuary_referrals_visible_to
from accommodation.sanctuary.services import sanctuary_referral_make
from accommodation.selectors import refuge_requests_visible_to
from accommodation.services import refuge_request_make
from accounts.models import Role, User
from casework.models import Refuge, RefugePlace
from casework.services import case_note_add, contact_attempt_log, safety_plan_record, support_start
from intake.people import people_visible_to
from intake.selectors import partner_referrals_visible_to
from marac.models import Marac, MaracMembership
from marac.selectors import (
    agenda_items_visible_to,
    marac_actions_visible_to,
    marac_cases_visible_to,
    maracs_visible_to,
    meetings_visible_to,
)
from marac.services import marac_action_create, meeting_agenda_fill, meeting_schedule, research_record
from monitoring.models import EqualityMonitoring
from people.models import Person
from providers.models import Organisation, Service
from referrals.children import children_visible_to
from referrals.models import ChecklistVersion, Referral
from referrals.policies import is_administrator, may_import, may_see_equality
from referrals.selectors import referrals_visible_to
from referrals.services import referral_accept
from reports.models import ReferralImport
from sla.models import Clock, Notification, ReminderKind
from sla.selectors import notifications_for
from sla.services import reminders_create_due, reminders_send
from sla.stages import Stage
from tests.factories import answers, referral_payload, user_in
from tests.household import link, person
from waiting.services import waiting_add


class Kind(enum.Enum):
    """What a route's URL names, and so whose scope decides who may open it."""

    PUBLIC = "anyone, signed in or not"
    SIGNED_IN = "needs sign-in, names no record (lists, forms)"
    STAFF_ONLY = "Django admin: staff only"
    REFERRAL = "takes a referral id"
    SUPPORT_EPISODE = "takes a support episode id"
    MARAC = "takes a MARAC slug"
    MEETING = "takes a MARAC meeting id"
    AGENDA_ITEM = "takes a MARAC agenda item id"
    MARAC_CASE = "takes a MARAC case id"
    MARAC_ACTION = "takes a MARAC action id"
    NOTIFICATION = "takes a notification id"
    IMPORT = "takes a referral import id (administrators only)"
    PERSON = "takes a person id (visible with one of their referrals)"
    CHILD = "takes a child's person id (whoever may see a referral the child is on, or the service holding their case)"
    PERSON_EXPORT = "takes a person id (subject access: administrators only)"
    REFUGE_REQUEST = "takes a refuge request id"
    SANCTUARY = "takes a sanctuary referral id"
    CHILD_CASE = "takes a children's service case id (the survivor's case's scope, or the service holding it)"


K = Kind
# Every named URL pattern, by namespaced name. The admin namespace is one entry: Django's admin
# site wraps all its views in the same staff check.
ROUTES: dict[str, Kind] = {
    "admin:*": K.STAFF_ONLY,
    "home": K.SIGNED_IN,
    "schema": K.PUBLIC,
    "api-docs": K.PUBLIC,
    "accounts:login": K.PUBLIC,
    "accounts:logout": K.PUBLIC,
    "intake:self-referral": K.PUBLIC,
    "intake:self-referral-check": K.PUBLIC,
    "intake:self-referral-sent": K.PUBLIC,
    "intake:self-referral-leave": K.PUBLIC,
    "intake:self-referral-step": K.PUBLIC,
    "api:token": K.PUBLIC,
    # Partner systems authenticate with an API key, not a user: tested in tests/intake/test_partner_api.py.
    "api:partner-referrals": K.SIGNED_IN,
    "intake:partner-referrals": K.SIGNED_IN,
    "intake:partner-referral-new": K.SIGNED_IN,
    "referrals:list": K.SIGNED_IN,
    "referrals:queue": K.SIGNED_IN,
    "referrals:new": K.SIGNED_IN,
    "intake:referral-candidates": K.SIGNED_IN,
    "referrals:arrival-match": K.REFERRAL,
    "referrals:safe-contact": K.REFERRAL,
    "referrals:detail": K.REFERRAL,
    "referrals:assess": K.REFERRAL,
    "referrals:action": K.REFERRAL,
    "referrals:child": K.CHILD,
    "casework:caseload": K.SIGNED_IN,
    "casework:inbox": K.SIGNED_IN,
    "casework:refuges": K.SIGNED_IN,
    "casework:contact": K.REFERRAL,
    "casework:note": K.REFERRAL,
    "casework:support-start": K.REFERRAL,
    "casework:support-end": K.SUPPORT_EPISODE,
    "casework:safety-plan": K.REFERRAL,
    "casework:reassess": K.REFERRAL,
    "casework:transfer": K.REFERRAL,
    "casework:close": K.REFERRAL,
    "casework:step-downs": K.SIGNED_IN,
    "casework:step-down": K.REFERRAL,
    "marac:list": K.SIGNED_IN,
    "marac:detail": K.MARAC,
    "marac:meeting-new": K.MARAC,
    "marac:figures": K.MARAC,
    "marac:meeting": K.MEETING,
    "marac:meeting-fill": K.MEETING,
    "marac:meeting-details": K.MEETING,
    "marac:meeting-print": K.MEETING,
    "marac:meeting-pdf": K.MEETING,
    "marac:meeting-agenda-csv": K.MEETING,
    "marac:meeting-actions-csv": K.MEETING,
    "marac:item-move": K.AGENDA_ITEM,
    "marac:item-hear": K.AGENDA_ITEM,
    "marac:item-take-off": K.AGENDA_ITEM,
    "marac:case": K.MARAC_CASE,
    "marac:case-research": K.MARAC_CASE,
    "marac:case-add-to-agenda": K.MARAC_CASE,
    "marac:case-action-new": K.MARAC_CASE,
    "marac:action-status": K.MARAC_ACTION,
    "sla:notifications": K.SIGNED_IN,
    "sla:notifications-read-all": K.SIGNED_IN,
    "sla:notification-read": K.NOTIFICATION,
    "sla:breaches": K.SIGNED_IN,
    "api:referrals": K.SIGNED_IN,
    "api:referral": K.REFERRAL,
    "api:people": K.SIGNED_IN,
    "api:person": K.PERSON,
    "intake:person-merge": K.PERSON,
    "intake:person-unmerge": K.PERSON,
    "api:risk-assessment": K.REFERRAL,
    "api:safe-contact": K.REFERRAL,
    "api:maracs": K.SIGNED_IN,
    "api:marac-high-risk-list": K.MARAC,
    "api:marac-meetings": K.MARAC,
    "api:marac-figures": K.MARAC,
    "api:marac-meeting": K.MEETING,
    "api:marac-meeting-fill": K.MEETING,
    "api:marac-meeting-details": K.MEETING,
    "api:marac-meeting-actions": K.MEETING,
    "api:marac-agenda-item-move": K.AGENDA_ITEM,
    "api:marac-agenda-item-hear": K.AGENDA_ITEM,
    "api:marac-agenda-item-take-off": K.AGENDA_ITEM,
    "api:marac-case": K.MARAC_CASE,
    "api:marac-case-research": K.MARAC_CASE,
    "api:marac-case-add-to-agenda": K.MARAC_CASE,
    "api:marac-case-actions": K.MARAC_CASE,
    "api:marac-action-status": K.MARAC_ACTION,
    "api:notifications": K.SIGNED_IN,
    "api:notification-read": K.NOTIFICATION,
    "api:breaches": K.SIGNED_IN,
    "api:referral-accept": K.REFERRAL,
    "api:referral-decline": K.REFERRAL,
    "api:referral-start-support": K.REFERRAL,
    "api:referral-close": K.REFERRAL,
    "api:referral-route": K.REFERRAL,
    "api:referral-manual-route": K.REFERRAL,
    "api:referral-withdraw": K.REFERRAL,
    "api:referral-mark-duplicate": K.REFERRAL,
    "api:inbox": K.SIGNED_IN,
    "api:triage-queue": K.SIGNED_IN,
    "api:caseload": K.SIGNED_IN,
    "api:refuges": K.SIGNED_IN,
    "api:timeline": K.REFERRAL,
    "api:contact-attempts": K.REFERRAL,
    "api:notes": K.REFERRAL,
    "api:support": K.REFERRAL,
    "api:safety-plan": K.REFERRAL,
    "api:reassessment": K.REFERRAL,
    "api:transfer": K.REFERRAL,
    "api:closure": K.REFERRAL,
    "api:step-downs": K.SIGNED_IN,
    "api:step-down-approve": K.REFERRAL,
    "api:step-down-refuse": K.REFERRAL,
    "api:support-end": K.SUPPORT_EPISODE,
    # Sign-in steps: the signed-in user's own authenticator and recovery codes, no record.
    "admin-login": K.PUBLIC,
    "accounts:two-factor": K.SIGNED_IN,
    "accounts:two-factor-set-up": K.SIGNED_IN,
    "accounts:two-factor-qr": K.SIGNED_IN,
    "accounts:recovery-codes": K.SIGNED_IN,
    # The audit trail: a case's trail, corrections and subject access go by the referral's id.
    "audit:search": K.SIGNED_IN,
    "audit:case-trail": K.REFERRAL,
    "audit:correct": K.REFERRAL,
    "audit:subject-access": K.REFERRAL,
    "audit:person-subject-access": K.PERSON_EXPORT,
    "api:access-events": K.SIGNED_IN,
    # Reports: figures, never a person; imports are administrators' own.
    "reports:dashboard": K.SIGNED_IN,
    "reports:return": K.SIGNED_IN,
    "reports:return-csv": K.SIGNED_IN,
    "reports:return-xlsx": K.SIGNED_IN,
    "reports:imports": K.SIGNED_IN,
    "reports:import-template": K.SIGNED_IN,
    "reports:import": K.IMPORT,
    "reports:import-progress": K.IMPORT,
    "api:quarterly-return": K.SIGNED_IN,
    # Demand and capacity: figures per MARAC (chosen by a query parameter, scoped by capacity.access), and
    # the posts and populations behind them.
    "capacity:dataset": K.SIGNED_IN,
    "capacity:dataset-csv": K.SIGNED_IN,
    "capacity:dataset-xlsx": K.SIGNED_IN,
    "capacity:gauges": K.SIGNED_IN,
    "capacity:populations": K.SIGNED_IN,
    "capacity:posts": K.SIGNED_IN,
    "capacity:post-end": K.SIGNED_IN,
    "api:capacity-gauges": K.SIGNED_IN,
    "api:marac-dataset": K.SIGNED_IN,
    # Safe accommodation: the board and the list name no record; a request is its own scope
    # (accommodation.selectors.refuge_requests_visible_to); leaving a refuge goes by the stay (an episode).
    "accommodation:vacancies": K.SIGNED_IN,
    "accommodation:requests": K.SIGNED_IN,
    "accommodation:request": K.REFUGE_REQUEST,
    "accommodation:request-decline": K.REFUGE_REQUEST,
    "accommodation:request-new": K.REFERRAL,
    "accommodation:stay-leave": K.SUPPORT_EPISODE,
    "api:refuge-vacancies": K.SIGNED_IN,
    "api:refuge-requests": K.REFERRAL,
    "api:refuge-request": K.REFUGE_REQUEST,
    "api:refuge-request-answer": K.REFUGE_REQUEST,
    "api:refuge-request-decline": K.REFUGE_REQUEST,
    "api:refuge-leaving": K.SUPPORT_EPISODE,
    # The waiting list: the list and the capacity marks name no record; a referral's place on it goes by the
    # referral (its scope, then the provider's own staff may change it).
    "waiting:list": K.SIGNED_IN,
    "waiting:capacity": K.SIGNED_IN,
    "waiting:capacity-end": K.SIGNED_IN,
    "waiting:case": K.REFERRAL,
    "waiting:priority": K.REFERRAL,
    "waiting:take-on": K.REFERRAL,
    "waiting:withdraw": K.REFERRAL,
    "api:waiting-list": K.SIGNED_IN,
    "api:referral-waiting": K.REFERRAL,
    "api:referral-waiting-priority": K.REFERRAL,
    "api:referral-waiting-take-on": K.REFERRAL,
    "api:referral-waiting-withdraw": K.REFERRAL,
    # The sanctuary scheme: a referral is scoped like the survivor's case, plus the delivering provider's own
    # (accommodation.sanctuary.selectors.sanctuary_referrals_visible_to).
    "accommodation:sanctuary-list": K.SIGNED_IN,
    "accommodation:sanctuary-new": K.REFERRAL,
    "accommodation:sanctuary": K.SANCTUARY,
    "accommodation:sanctuary-eligibility": K.SANCTUARY,
    "accommodation:sanctuary-assessment": K.SANCTUARY,
    "accommodation:sanctuary-installation": K.SANCTUARY,
    "accommodation:sanctuary-complete": K.SANCTUARY,
    "accommodation:sanctuary-end": K.SANCTUARY,
    "api:sanctuary-measures": K.SIGNED_IN,
    "api:sanctuary-referrals": K.SIGNED_IN,
    "api:sanctuary-referral-make": K.REFERRAL,
    "api:sanctuary-referral": K.SANCTUARY,
    "api:sanctuary-eligibility": K.SANCTUARY,
    "api:sanctuary-assessment": K.SANCTUARY,
    "api:sanctuary-installation": K.SANCTUARY,
    "api:sanctuary-completion": K.SANCTUARY,
    "api:sanctuary-end": K.SANCTUARY,
    # Equality monitoring and pathways go by the referral; who sees the answers is tested below.
    "monitoring:equality": K.REFERRAL,
    "monitoring:pathways": K.REFERRAL,
    "api:referral-equality": K.REFERRAL,
    "api:referral-pathways": K.REFERRAL,
    # The children's service: referring goes by the survivor's case; a child's case is its own scope
    # (accommodation.children_service_selectors.child_cases_visible_to).
    "accommodation:sass-cases": K.SIGNED_IN,
    "accommodation:sass-refer": K.REFERRAL,
    "accommodation:sass-case": K.CHILD_CASE,
    "accommodation:sass-start": K.CHILD_CASE,
    "accommodation:sass-goal-new": K.CHILD_CASE,
    "accommodation:sass-session-new": K.CHILD_CASE,
    "accommodation:sass-review": K.CHILD_CASE,
    "accommodation:sass-complete": K.CHILD_CASE,
    "accommodation:sass-close": K.CHILD_CASE,
    "api:sass-referrals": K.REFERRAL,
    "api:sass-cases": K.SIGNED_IN,
    "api:sass-case": K.CHILD_CASE,
    "api:sass-start": K.CHILD_CASE,
    "api:sass-goals": K.CHILD_CASE,
    "api:sass-sessions": K.CHILD_CASE,
    "api:sass-review": K.CHILD_CASE,
    "api:sass-complete": K.CHILD_CASE,
    "api:sass-close": K.CHILD_CASE,
}
# URL arguments that are not the record itself.
FIXED_ARGUMENTS = {
    "referrals:action": {"slug": "accept"},
    "reports:return-csv": {"table": "summary"},
    "capacity:dataset-csv": {"table": "marac-dataset"},
}
EQUALITY_MARKER = "white_gypsy_irish_traveller"
MARKERS = ("Alphamark", "Bravomark", "Charliemark", "Deltamark", "Echomark")
PERSONAS = (
    "anonymous",
    "triage",
    "centra_worker",
    "centra_manager",
    "oasis_worker",
    "lookahead_worker",
    "swale_coordinator",
    "police_user",
    "commissioner",
    "administrator",
    "salus_worker",
)


@dataclass(frozen=True)
class Route:
    name: str
    kind: Kind
    converters: tuple[str, ...]
    api_methods: tuple[str, ...] = ()  # from the OpenAPI schema; pages get GET and POST

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def methods(self) -> tuple[str, ...]:
        return self.api_methods if self.is_api else ("get", "post")


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, inner or "")
        else:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name or ""), entry


def url_pattern_names() -> dict[str, URLPattern]:
    return dict(_walk(get_resolver().url_patterns))


def schema_operations() -> dict[str, set[str]]:
    """API URL name -> the HTTP methods the OpenAPI schema documents for it."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations: dict[str, set[str]] = {}
    for path, item in schema["paths"].items():
        sample = path.replace("{slug}", "x")
        for parameter in ("{id}", "{episode_id}", "{request_id}", "{sanctuary_id}", "{case_id}"):
            sample = sample.replace(parameter, "1")
        match = resolve(sample)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
        operations.setdefault(name, set()).update(method for method in item if method != "parameters")
    return operations


def all_routes() -> list[Route]:
    operations = schema_operations()
    routes = []
    for name, pattern in url_pattern_names().items():
        if name.startswith("admin:"):
            continue
        converters = tuple(pattern.pattern.converters)
        routes.append(Route(name, ROUTES[name], converters, tuple(sorted(operations.get(name, ())))))
    return routes


def test_every_url_pattern_and_api_operation_is_classified() -> None:
    names = set(url_pattern_names())
    unclassified = {n for n in names if n not in ROUTES and not n.startswith("admin:")}
    assert not unclassified, f"classify these routes in ROUTES: {sorted(unclassified)}"
    stale = {n for n in ROUTES if n not in names and n != "admin:*"}
    assert not stale, f"ROUTES names routes that no longer exist: {sorted(stale)}"
    operations = schema_operations()
    assert set(operations) <= set(ROUTES), sorted(set(operations) - set(ROUTES))
    undocumented = {n for n in names if n.startswith("api:") and n not in operations}
    assert not undocumented, f"API routes missing from the OpenAPI schema: {sorted(undocumented)}"
    assert len(names) > 80 and sum(len(m) for m in operations.values()) > 40


# ---------------------------------------------------------------- the world, built once per module


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    ids: dict[Kind, list[Any]] = field(default_factory=dict)


def _personas() -> dict[str, User]:
    """The personas of tests/conftest.py, with the same organisations and roles."""
    swale_coordinator = user_in("kent-marac-coordination", Role.MARAC_COORDINATOR, username="corin.swale")
    MaracMembership.objects.create(user=swale_coordinator, marac=Marac.objects.get(slug="swale-marac"))
    return {
        "triage": user_in("victim-support", Role.TRIAGE_WORKER, username="tara.triage"),
        "centra_worker": user_in("centra", Role.PROVIDER_WORKER, username="cara.centra"),
        "centra_manager": user_in("centra", Role.PROVIDER_MANAGER, username="colin.centra"),
        "oasis_worker": user_in("oasis", Role.PROVIDER_WORKER, username="olu.oasis"),
        "lookahead_worker": user_in("look-ahead", Role.PROVIDER_WORKER, username="lena.lookahead"),
        "swale_coordinator": swale_coordinator,
        "police_user": user_in("kent-police", Role.PARTNER_USER, username="pat.police"),
        "commissioner": user_in("kcc-commissioning", Role.COMMISSIONER, username="cam.commissioner"),
        "administrator": user_in(None, Role.ADMINISTRATOR, username="ada.admin"),
        # The children's service (Project Salus): sees the children's cases it holds, not the survivors' cases.
        "salus_worker": user_in("project-salus", Role.PROVIDER_WORKER, username="sid.salus"),
    }


def _build_world() -> World:
    world = World(users=_personas())
    users = world.users
    thanet_coordinator = user_in("kent-marac-coordination", Role.MARAC_COORDINATOR, username="tom.thanet")
    MaracMembership.objects.create(user=thanet_coordinator, marac=Marac.objects.get(slug="thanet-marac"))
    keys = list(ChecklistVersion.objects.get(is_current=True).questions.values_list("key", flat=True))
    triage_api = APIClient()
    triage_api.force_authenticate(users["triage"])

    def referral(marker: str, district: str, yes: int | None) -> int:
        created = triage_api.post(
            "/api/v1/referrals/", referral_payload(last_name=marker, district=district), format="json"
        )
        assert created.status_code == 201, created.json()
        if yes is not None:
            assessed = triage_api.post(
                f"/api/v1/referrals/{created.json()['id']}/risk-assessment/",
                {"answers": answers(yes, keys)},
                format="json",
            )
            assert assessed.status_code == 201, assessed.json()
        return int(created.json()["id"])

    swale = referral(MARKERS[0], "swale", 15)  # Centra IDVA, Swale MARAC
    thanet = referral(MARKERS[1], "thanet", 15)  # Oasis IDVA, Thanet MARAC
    sevenoaks = referral(MARKERS[2], "sevenoaks", 15)  # routed to Look Ahead, not accepted
    referral(MARKERS[3], "swale", None)  # waiting for triage
    # A child in each of three households: their pages follow the referrals' scope.
    children = [
        link(referral_id, survivor=person(), children=[person(date_of_birth=date(2019, 5, 4))])
        .child_links.get()
        .person_id
        for referral_id in (swale, thanet, sevenoaks)
    ]
    police = APIClient()
    police.force_authenticate(users["police_user"])
    # A partner agency's own referral, through its form channel (the partner list shows it).
    Referral.objects.filter(pk=referral(MARKERS[4], "dover", None)).update(created_by=users["police_user"])

    episodes = []
    for referral_id, worker in ((swale, users["centra_worker"]), (thanet, users["oasis_worker"])):
        referral_accept(user=worker, referral_id=referral_id)
        case_note_add(user=worker, referral_id=referral_id, text="Spoke to the police officer in the case.")
        contact_attempt_log(user=worker, referral_id=referral_id, method="phone", outcome="no_answer")
        idva = Service.objects.get(slug="idva")
        episodes.append(
            support_start(user=worker, referral_id=referral_id, service_id=idva.pk, started_on=timezone.localdate()).pk
        )

    # A refuge stay on Swale's case, in Centra's own refuge (leaving a refuge goes by the stay).
    place = RefugePlace.objects.filter(refuge__name="North Kent Refuge").first()
    assert place is not None
    refuge_service = Service.objects.get(slug="refuge")
    episodes.append(
        support_start(
            user=users["centra_worker"],
            referral_id=swale,
            service_id=refuge_service.pk,
            started_on=timezone.localdate(),
            refuge_place_id=place.pk,
        ).pk
    )

    items, actions = [], []
    for slug, coordinator in (("swale-marac", users["swale_coordinator"]), ("thanet-marac", thanet_coordinator)):
        marac = Marac.objects.get(slug=slug)
        meeting = meeting_schedule(
            user=coordinator, marac_id=marac.pk, held_on=timezone.localdate() + timedelta(days=7)
        )
        (item,) = meeting_agenda_fill(user=coordinator, meeting_id=meeting.pk)
        items.append(item)
        research_record(user=coordinator, case_id=item.case_id, agency="police", text="Two call-outs this year.")
        actions.append(
            marac_action_create(
                user=coordinator,
                case_id=item.case_id,
                meeting_id=meeting.pk,
                owner=Organisation.objects.get(slug="kent-police"),
                person="DC Named Person",
                description="Check bail conditions",
                due_on=timezone.localdate() + timedelta(days=14),
            ).pk
        )
    # Refuge requests: Swale's case to Look Ahead's refuge (the refuge sees the request, not the case)
    # and Thanet's to Oasis's own.
    refuge_requests = [
        refuge_request_make(
            user=users["triage"],
            referral_id=referral_id,
            refuge_id=Refuge.objects.get(name=name).pk,
            out_of_area=False,
            adults=1,
            children=2,
            needs_wheelchair_access=False,
        ).pk
        for referral_id, name in ((swale, "West Kent Refuge 1"), (thanet, "East Kent Refuge"))
    ]
    # Sevenoaks's referral waits on Look Ahead's list (high risk: priority A).
    waiting_add(user=users["lookahead_worker"], referral_id=sevenoaks, priority="A", why="No IDVA free this week.")
    # Sanctuary referrals: Swale's case to Look Ahead's scheme (Look Ahead sees the referral, not the case),
    # Thanet's to Oasis's own.
    sanctuary_referrals = [
        sanctuary_referral_make(
            user=users["triage"], referral_id=referral_id, provider_id=Organisation.objects.get(slug=slug).pk
        ).pk
        for referral_id, slug in ((swale, "look-ahead"), (thanet, "oasis"))
    ]
    # Children's service cases: Swale's child referred by triage (waiting to start), Thanet's started.
    child_cases = [
        child_case_refer(
            user=users["triage"],
            referral_id=referral_id,
            child_id=child_id,
            source="safe_accommodation",
            accommodation_kind="refuge",
            reason="Frightened at night.",
        ).pk
        for referral_id, child_id in ((swale, children[0]), (thanet, children[1]))
    ]
    child_case_start(user=users["salus_worker"], case_id=child_cases[1], started_on=timezone.localdate())
    notifications = [
        Notification.objects.create(user=users[name], text="Reminder", link="/cases/").pk
        for name in ("centra_worker", "oasis_worker")
    ]
    # Every survivor's equality monitoring, with an answer no page shows unless it shows her monitoring.
    for referral_id in Referral.objects.values_list("pk", flat=True):
        EqualityMonitoring.objects.create(
            referral_id=referral_id,
            ethnicity=EQUALITY_MARKER,
            recorded_by=users["administrator"],
            updated_by=users["administrator"],
        )
    world.ids = {
        K.REFERRAL: list(Referral.objects.order_by("pk").values_list("pk", flat=True)),
        K.SUPPORT_EPISODE: episodes,
        K.MARAC: ["swale-marac", "thanet-marac", "sevenoaks-marac"],
        K.MEETING: [item.meeting_id for item in items],
        K.AGENDA_ITEM: [item.pk for item in items],
        K.MARAC_CASE: list(apps.get_model("marac", "MaracReferral").objects.values_list("pk", flat=True)),
        K.MARAC_ACTION: actions,
        K.NOTIFICATION: notifications,
        K.PERSON: list(Person.objects.order_by("pk").values_list("pk", flat=True)),
        K.CHILD: children,
        K.PERSON_EXPORT: children,
        K.REFUGE_REQUEST: refuge_requests,
        K.SANCTUARY: sanctuary_referrals,
        K.CHILD_CASE: child_cases,
        K.IMPORT: [
            ReferralImport.objects.create(file_name="historic.csv", content="", uploaded_by=users["administrator"]).pk
        ],
    }
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One world for the whole module, rolled back at its end (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _scope(user: User | None, kind: Kind) -> set[Any]:
    """What the scoping selectors say this user may open, by kind."""
    if user is None:
        return set()
    referrals = set(referrals_visible_to(user).values_list("pk", flat=True))
    if kind is K.REFERRAL:
        return referrals
    if kind is K.SUPPORT_EPISODE:
        return set(
            apps.get_model("casework", "SupportEpisode")
            .objects.filter(referral_id__in=referrals)
            .values_list("pk", flat=True)
        )
    if kind is K.MARAC:
        return set(maracs_visible_to(user).values_list("slug", flat=True))
    if kind is K.PERSON:
        return set(people_visible_to(user).values_list("pk", flat=True))
    if kind is K.IMPORT:
        return set(ReferralImport.objects.values_list("pk", flat=True)) if may_import(user) else set()
    if kind is K.CHILD:
        return set(children_visible_to(user).values_list("pk", flat=True))
    if kind is K.PERSON_EXPORT:
        return set(Person.objects.values_list("pk", flat=True)) if is_administrator(user) else set()
    selector = {
        K.MEETING: meetings_visible_to,
        K.AGENDA_ITEM: agenda_items_visible_to,
        K.MARAC_CASE: marac_cases_visible_to,
        K.MARAC_ACTION: marac_actions_visible_to,
        K.NOTIFICATION: notifications_for,
        K.REFUGE_REQUEST: refuge_requests_visible_to,
        K.SANCTUARY: sanctuary_referrals_visible_to,
        K.CHILD_CASE: child_cases_visible_to,
    }[kind]
    return set(selector(user).values_list("pk", flat=True))


def _remembered_scope() -> Callable[[User | None, Kind], set[Any]]:
    """_scope, asked once per user and kind within one test (the tests that use it change no data)."""
    memo: dict[tuple[int | None, Kind], set[Any]] = {}

    def scope(user: User | None, kind: Kind) -> set[Any]:
        key = (user.pk if user else None, kind)
        if key not in memo:
            memo[key] = _scope(user, kind)
        return memo[key]

    return scope


def _referrals_named_to(user: User | None) -> set[int]:
    """Referrals whose person this user may see named anywhere: the union of every scoping selector."""
    if user is None:
        return set()
    return (
        set(referrals_visible_to(user).values_list("pk", flat=True))
        | set(partner_referrals_visible_to(user).values_list("pk", flat=True))
        | set(marac_cases_visible_to(user).values_list("referral_id", flat=True))
        | set(marac_actions_visible_to(user).values_list("case__referral_id", flat=True))
    )


def _url(route: Route, kind: Kind, key: Any) -> str:
    kwargs: dict[str, Any] = dict(FIXED_ARGUMENTS.get(route.name, {}))
    if kind is K.SUPPORT_EPISODE:
        episode = apps.get_model("casework", "SupportEpisode").objects.get(pk=key)
        kwargs.update(pk=episode.referral_id, episode_id=key)
        kwargs = {name: kwargs[name] for name in route.converters}
    elif kind is not K.SIGNED_IN and route.converters:
        (record_argument,) = [c for c in route.converters if c not in kwargs]
        kwargs[record_argument] = key
    return reverse(route.name, kwargs=kwargs)


def _fingerprint() -> str:
    """A digest of every row of the project's own tables: any write shows."""
    digest = hashlib.sha256()
    for label in (
        "accounts",
        "providers",
        "referrals",
        "casework",
        "accommodation",
        "waiting",
        "monitoring",
        "marac",
        "intake",
        "sla",
        "reports",
        "capacity",
    ):
        for model in apps.get_app_config(label).get_models():
            digest.update(repr(list(model.objects.order_by("pk").values_list())).encode())
    return digest.hexdigest()


def _client(user: User | None, api: bool) -> Any:
    client = APIClient() if api else Client()
    if user is not None:
        if api:
            client.force_authenticate(user)
        else:
            client.force_login(user)
    return client


def _request(client: Any, method: str, url: str) -> Any:
    if isinstance(client, APIClient):
        return getattr(client, method)(url, {}, format="json")
    return getattr(client, method)(url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_404_for_every_record_out_of_scope_and_lists_none(world: World, persona: str, db: None) -> None:
    user = world.users.get(persona)
    routes = all_routes()
    pages, apis = _client(user, api=False), _client(user, api=True)
    before = _fingerprint()
    wrong: list[str] = []
    opened: dict[str, Any] = {}
    scope = _remembered_scope()

    # Out-of-scope records: 404 (405 where the route has no such method), never a change.
    for route in routes:
        if route.kind in (K.PUBLIC, K.SIGNED_IN):
            continue
        allowed_in_scope = scope(user, route.kind)
        for key in world.ids[route.kind]:
            url = _url(route, route.kind, key)
            if key in allowed_in_scope:
                opened[url] = (apis if route.is_api else pages).get(url)
                continue
            for method in route.methods:
                response = _request(apis if route.is_api else pages, method, url)
                expected = {404, 405} if method == "get" else {403, 404, 405}
                if user is None:
                    expected = {302, 401, 403, 405}
                if response.status_code not in expected:
                    wrong.append(f"{method.upper()} {url} ({route.name}) answered {response.status_code}")
    assert not wrong, f"{persona} reached records out of scope:\n" + "\n".join(wrong)
    assert _fingerprint() == before, f"{persona}'s refused requests changed the database"

    # Lists and in-scope pages never name a referral out of scope.
    named = _referrals_named_to(user)
    hidden = [r.last_name for r in Referral.objects.exclude(pk__in=named).filter(last_name__in=MARKERS)]
    leaks = []
    for route in routes:
        if route.kind is K.SIGNED_IN and "get" in route.methods:
            url = _url(route, route.kind, None)
            response = opened[url] = (apis if route.is_api else pages).get(url)
            if user is None:
                assert response.status_code in (302, 401, 403), f"{url} answered {response.status_code} to no one"
    for url, response in opened.items():
        if response.status_code != 200:
            continue
        body = response.content.decode(errors="replace")
        leaks += [f"{url} names {marker}" for marker in hidden if marker in body]
    assert not leaks, f"{persona} sees referrals out of scope:\n" + "\n".join(leaks)


def test_every_record_route_opens_for_someone_in_scope(world: World, db: None) -> None:
    """The matrix is not vacuous: each record route answers 200 to GET for at least one persona in scope."""
    never_opened = []
    scope = _remembered_scope()
    clients = {(persona, api): _client(world.users[persona], api) for persona in PERSONAS[1:] for api in (False, True)}
    for route in all_routes():
        if route.kind in (K.PUBLIC, K.SIGNED_IN, K.STAFF_ONLY) or "get" not in route.methods:
            continue
        answers_seen = set()
        for persona in PERSONAS[1:]:
            if 200 in answers_seen:
                break  # someone opened it: that is all this test asks
            client = clients[(persona, route.is_api)]
            for key in sorted(scope(world.users[persona], route.kind) & set(world.ids[route.kind]), key=str):
                status = client.get(_url(route, route.kind, key)).status_code
                answers_seen.add(status)
                if status != 409:  # a form the record's state does not allow answers 409: try the next record
                    break
        if 200 not in answers_seen and not answers_seen <= {405}:
            never_opened.append(f"{route.name}: {sorted(answers_seen)}")
    assert not never_opened, "routes no persona could open:\n" + "\n".join(never_opened)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "administrator"])
def test_the_admin_site_is_for_staff_only(world: World, persona: str, db: None) -> None:
    client = _client(world.users.get(persona), api=False)
    admin_pages = [
        n for n, p in url_pattern_names().items() if n.startswith("admin:") and p.name and not p.pattern.regex.groups
    ]
    assert len(admin_pages) > 10
    for url in (reverse(name) for name in admin_pages if name not in ("admin:login", "admin:logout")):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (url, response.status_code)


# ---------------------------------------------------------------- notifications open for their recipients


def _sweep_through_every_deadline() -> None:
    """Run the periodic sweep at each moment a running clock has something to say (due soon,
    overdue, escalated), so every kind of reminder is made and sent."""
    moments = set()
    for clock in Clock.objects.filter(stopped_at__isnull=True):
        moments |= {clock.remind_at, clock.due_at, clock.escalate_at}
    for moment in sorted(moments):
        reminders_create_due(now=moment)
        reminders_send()


def test_every_notification_opens_for_its_recipient(world: World, db: None) -> None:
    """Whoever is told about a deadline can open what they are told about: the same selectors as
    the page decide. Victim Support's manager sees only the referrals routed to Victim Support, so
    is never told about the rest of the triage queue."""
    users = world.users
    managers = {
        slug: user_in(slug, Role.PROVIDER_MANAGER, username=f"{slug}.manager")
        for slug in ("victim-support", "look-ahead", "oasis", "kent-police")
    }
    police_member = users["police_user"]
    MaracMembership.objects.create(user=police_member, marac=Marac.objects.get(slug="swale-marac"))
    keys = list(ChecklistVersion.objects.get(is_current=True).questions.values_list("key", flat=True))
    triage_api = _client(users["triage"], api=True)

    def referral(district: str, yes: int) -> int:
        created = triage_api.post("/api/v1/referrals/", referral_payload(district=district), format="json")
        referral_id = int(created.json()["id"])
        assessed = triage_api.post(
            f"/api/v1/referrals/{referral_id}/risk-assessment/", {"answers": answers(yes, keys)}, format="json"
        )
        assert assessed.status_code == 201, assessed.json()
        return referral_id

    referral("swale", 3)  # standard: routed to Victim Support, whose manager may open it
    referral_accept(user=users["oasis_worker"], referral_id=referral("thanet", 15))  # waits for first contact
    swale_case = Referral.objects.get(last_name=MARKERS[0])
    safety_plan_record(
        user=users["centra_worker"],
        referral_id=swale_case.pk,
        summary="Keep the phone charged; code word agreed.",
        review_on=timezone.localdate() + timedelta(days=28),
    )
    _sweep_through_every_deadline()

    notifications = list(Notification.objects.select_related("user", "reminder__clock"))
    told = {(n.reminder.clock.stage, n.reminder.kind) for n in notifications if n.reminder}
    expected = {(stage, kind) for stage in Stage.values for kind in ReminderKind.values}
    assert expected <= told, f"no notification made for {sorted(expected - told)}"
    assert len({n.user_id for n in notifications}) > 5
    not_opening = []
    for notification in notifications:
        client = _client(notification.user, api=False)
        status = client.get(notification.link).status_code
        if status != 200:
            not_opening.append(f"{notification.user.username}: {notification.text} → {notification.link} ({status})")
    assert not not_opening, "notifications their recipients cannot open:\n" + "\n".join(not_opening)
    escalated_to = {n.user_id for n in notifications if n.reminder and n.reminder.kind == ReminderKind.ESCALATED}
    assert managers["look-ahead"].pk in escalated_to  # the provider decision and first contact still reach managers
    assert managers["victim-support"].pk in escalated_to  # about Victim Support's own referral


# ---------------------------------------------------------------- equality monitoring: who sees the answers


@pytest.mark.parametrize("persona", PERSONAS)
def test_equality_monitoring_is_seen_only_by_the_case_s_own_provider_and_triage_while_it_holds_it(
    world: World, persona: str, db: None
) -> None:
    """At record level, the survivor's equality answers answer 200 only where referrals.policies.may_see_equality
    says so (the case's own provider; triage while it holds the referral); anyone else in the referral's scope
    (MARAC coordinators, administrators, triage once a provider has the case) gets 403, and out of scope 404,
    and the referral's own page and API answer never carry them."""
    user = world.users.get(persona)
    pages, apis = _client(user, api=False), _client(user, api=True)
    in_scope = _scope(user, K.REFERRAL)
    wrong = []
    seen = 0
    for referral in Referral.objects.filter(pk__in=world.ids[K.REFERRAL]):
        allowed = referral.pk in in_scope and user is not None and may_see_equality(user, referral)
        expected = {200} if allowed else ({403} if referral.pk in in_scope else {404})
        if user is None:
            expected = {302, 401, 403}
        api_answer = apis.get(reverse("api:referral-equality", args=[referral.pk]))
        page_answer = pages.get(reverse("monitoring:equality", args=[referral.pk]))
        for name, response in (("API", api_answer), ("page", page_answer)):
            if response.status_code not in expected:
                wrong.append(f"{name} for {referral.last_name} answered {response.status_code}, not {expected}")
            if not allowed and EQUALITY_MARKER in response.content.decode():
                wrong.append(f"{name} for {referral.last_name} shows her equality monitoring")
        if allowed:
            seen += 1
            assert api_answer.json()["ethnicity"] == EQUALITY_MARKER
        if referral.pk in in_scope:
            for url in (reverse("referrals:detail", args=[referral.pk]), reverse("api:referral", args=[referral.pk])):
                body = (apis if url.startswith("/api/") else pages).get(url).content.decode()
                if EQUALITY_MARKER in body or "Gypsy or Irish Traveller" in body:
                    wrong.append(f"{url} shows her equality monitoring")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)
    # Not vacuous: triage sees the referral it holds, each provider its own cases.
    assert (seen > 0) is (persona in ("triage", "centra_worker", "centra_manager", "oasis_worker", "lookahead_worker"))


# ---------------------------------------------------------------- a child's page: the children's service too


def test_the_childrens_service_opens_the_pages_of_the_children_it_holds_and_no_other(world: World, db: None) -> None:
    """Project Salus holds the Swale and Thanet children's cases (one waiting, one started): it opens those
    children's pages, though not their households' referrals, and the Sevenoaks child's page is 404."""
    salus = world.users["salus_worker"]
    held, not_held = world.ids[K.CHILD][:2], world.ids[K.CHILD][2]
    assert set(children_visible_to(salus).values_list("pk", flat=True)) == set(held)
    assert not referrals_visible_to(salus).exists()
    pages = _client(salus, api=False)
    for child_id in held:
        response = pages.get(reverse("referrals:child", args=[child_id]))
        assert response.status_code == 200 and "Project Salus" in response.content.decode()
    assert pages.get(reverse("referrals:child", args=[not_held])).status_code == 404
