"""The routes `make bench` measures: every page of the URL conf and every GET operation of the OpenAPI
schema, each for every role that may open it, with real ids from the seeded data (bench/routes.sh).

Found, not listed: a new page or API operation is measured without touching the benchmark. Which roles
are tried comes from the permission map (config.permissions; the API's own permission classes decide
for API operations, so every signed-in role is tried there); the benchmark keeps a route and role only
when a GET answers 200, so a page that is POST-only, or a record the role may not see, is left out and
logged. A path parameter is filled by the kind of record the path names before it (ID_KINDS): a route
under a path nothing names fails tests/devtools/test_bench_routes.py until a kind is added here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django_fsm import can_proceed

from accommodation.children_service_models import ChildCase
from accommodation.models import RefugeRequest
from accommodation.sanctuary.models import SanctuaryReferral
from accounts.models import Role, User
from casework.models import SupportEpisode
from intake.forms import SELF_REFERRAL_STEPS
from marac.models import AgendaItem, Marac, MaracAction, MaracMeeting, MaracReferral
from referrals.actions import ACTIONS
from referrals.models import Referral, ReferralChild
from referrals.states import State
from reports.models import ReferralImport
from sla.models import Notification

# A role, as the benchmark names it, and the user who plays it. The provider worker is a seeded worker
# with a caseload (devtools.seed); the others are the demo users (devtools.demo.demo_users_create).
BENCH_USERS: dict[str, str] = {
    "triage": "triage",
    "worker": "seed.centra.00",
    "manager": "centra.manager",
    "coordinator": "coordinator",
    "partner": "police",
    "commissioner": "commissioner",
    "admin": "admin",
}
ROLE_OF: dict[str, Role] = {
    "triage": Role.TRIAGE_WORKER,
    "worker": Role.PROVIDER_WORKER,
    "manager": Role.PROVIDER_MANAGER,
    "coordinator": Role.MARAC_COORDINATOR,
    "partner": Role.PARTNER_USER,
    "commissioner": Role.COMMISSIONER,
    "admin": Role.ADMINISTRATOR,
}
ANONYMOUS = "anonymous"

# What a path parameter names, by the path before it (longest match wins; earlier parameters read "<>").
ID_KINDS: dict[str, str] = {
    "referrals/": "referral",
    "cases/": "referral",
    "referrals/<>/": "referral_action",
    "cases/<>/support/": "support_episode",
    "support/": "support_episode",
    "marac/": "marac",
    "maracs/": "marac",
    "meetings/": "marac_meeting",
    "marac-meetings/": "marac_meeting",
    "agenda-items/": "agenda_item",
    "marac-agenda-items/": "agenda_item",
    "marac/cases/": "marac_case",
    "marac-cases/": "marac_case",
    "actions/": "marac_action",
    "marac-actions/": "marac_action",
    "notifications/": "notification",
    "imports/": "referral_import",
    "people/": "person",
    "children/": "child",
    "refuge-requests/": "refuge_request",
    "sanctuary/": "sanctuary_referral",
    "sanctuary-referrals/": "sanctuary_referral",
    "stays/": "support_episode",
    "refuge-stays/": "support_episode",
    "childrens-service/": "child_case",
    "childrens-service-cases/": "child_case",
    "return/": "return_table",
    "marac-dataset/": "marac_dataset_table",
    "get-help/": "self_referral_step",
}
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, "referrals:detail" or "api:referral"
    path: str  # the URL conf's pattern, "referrals/<int:pk>/"
    api: bool

    @property
    def label(self) -> str:
        return self.name.replace(":", "-")

    def parameters(self) -> list[tuple[str, str | None]]:
        """(parameter, the kind of record it names, or None when ID_KINDS has no entry)."""
        found = []
        for match in PARAMETER.finditer(self.path):
            before = PARAMETER.sub("<>", self.path[: match.start()])
            kinds = [(len(prefix), kind) for prefix, kind in ID_KINDS.items() if before.endswith(prefix)]
            found.append((match.group(1) or match.group(2), max(kinds)[1] if kinds else None))
        return found


def _patterns(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), ":".join(n for n in (namespace, entry.name) if n)


def page_routes() -> list[Route]:
    """Every named page of the URL conf but the Django admin's and the API's (measured from the schema)."""
    return [
        Route(name, path, api=False)
        for path, name in _patterns(get_resolver().url_patterns)
        if not name.startswith(("admin:", "api:"))
    ]


def api_routes() -> list[Route]:
    """Every GET operation of the OpenAPI schema, named by the URL it resolves to."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    routes = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        match = resolve(PARAMETER.sub("1", path))
        routes.append(Route(match.view_name, path.lstrip("/"), api=True))
    return routes


def bench_routes() -> list[Route]:
    return page_routes() + api_routes()


def _stand_in(role: str) -> Any:
    """An unsaved user of the role, for the permission map's policies (which read no database)."""
    if role == ANONYMOUS:
        return AnonymousUser()
    return User(username=role, role=ROLE_OF[role], organisation_id=None if role == "admin" else 1, is_active=True)


def roles_for(route: Route, permissions: Mapping[str, Any]) -> list[str]:
    """The roles to try: those the permission map lets open the page (anonymous visitors only where it is
    open to anyone); for an API operation every signed-in role, as DRF's permission classes decide. The
    map (config.permissions.PERMISSIONS) is handed in by the command: the wiring sits above devtools."""
    if route.api:
        return list(BENCH_USERS)
    permission = permissions.get(route.name)
    if permission is None:
        return []
    return [role for role in [*BENCH_USERS, ANONYMOUS] if permission.policy(_stand_in(role))]


def _first(queryset: Any) -> Any:
    return queryset.values_list("pk", flat=True).first()


def _referral_for(role: str, user: User, worker: User) -> int | None:
    """A referral the role works on: triage's is in its queue, a coordinator's is on a MARAC agenda, the
    others' is the seeded worker's open case (their provider's, for a manager; any, for an administrator)."""
    if role == "triage":
        return _first(Referral.objects.filter(state=State.RECEIVED).order_by("-pk"))
    if role == "coordinator":
        item = AgendaItem.objects.filter(case__marac__memberships__user=user).select_related("case").first()
        if item is not None:
            return item.case.referral_id
    return _first(Referral.objects.filter(allocated_worker=worker, state=State.IN_SUPPORT).order_by("-pk"))


def record_ids(role: str, user: User, worker: User) -> dict[str, Any]:
    """One real record of each kind (ID_KINDS) for the role, or None where the data has none."""
    referral_id = _referral_for(role, user, worker)
    referral = Referral.objects.filter(pk=referral_id).first()
    # Theirs if they are a member, one with meetings if any has them (demo_marac_meetings_create: Swale's).
    maracs = Marac.objects.annotate(has_meetings=Exists(MaracMeeting.objects.filter(marac=OuterRef("pk"))))
    marac = (
        maracs.filter(memberships__user=user).order_by("-has_meetings", "pk").first()
        or maracs.order_by("-has_meetings", "pk").first()
    )
    meeting = MaracMeeting.objects.filter(marac=marac).order_by("held_on", "pk").first()
    item = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
    action = next(
        (slug for slug, a in ACTIONS.items() if referral is not None and can_proceed(getattr(referral, a.move))), None
    )
    return {
        "referral": referral_id,
        "referral_action": action,
        "person": referral.survivor_id if referral else None,
        "child": ReferralChild.objects.filter(referral=referral).values_list("person_id", flat=True).first(),
        "refuge_request": _first(RefugeRequest.objects.filter(referral=referral)),
        "sanctuary_referral": _first(SanctuaryReferral.objects.filter(referral=referral)),
        "child_case": _first(ChildCase.objects.filter(referral=referral)),
        "support_episode": _first(SupportEpisode.objects.filter(referral=referral, ended_on__isnull=True)),
        "marac": marac.slug if marac else None,
        "marac_meeting": meeting.pk if meeting else None,
        "agenda_item": item.pk if item else None,
        "marac_case": item.case_id if item else _first(MaracReferral.objects.filter(marac=marac)),
        "marac_action": _first(MaracAction.objects.filter(case__marac=marac)),
        "notification": _first(Notification.objects.filter(user=user)),
        "referral_import": _first(ReferralImport.objects.order_by("-pk")),
        "return_table": "by-risk",
        "marac_dataset_table": "marac-dataset",
        "self_referral_step": SELF_REFERRAL_STEPS[0][0],
    }


@dataclass(frozen=True)
class Measured:
    """One route as one role: what bench/routes.sh requests."""

    label: str  # route_<name>_<role>
    username: str  # "" for an anonymous visitor
    url: str
    api: bool


def route_url(route: Route, ids: dict[str, Any]) -> str | None:
    """The route's URL with the role's records in its path parameters, or None where a record is missing."""
    kwargs = {}
    for parameter, kind in route.parameters():
        value = ids.get(kind or "")
        if value is None:
            return None
        kwargs[parameter] = value
    if route.api:  # the schema's path, as the client sees it
        return "/" + PARAMETER.sub(lambda m: str(kwargs[m.group(1) or m.group(2)]), route.path)
    return reverse(route.name, kwargs=kwargs)
