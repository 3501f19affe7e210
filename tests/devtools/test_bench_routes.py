"""`make bench` measures every route without being told about it: every page of the URL conf and every
GET operation of the API schema, each with a role to try and a real record for each path parameter."""

from __future__ import annotations

import pytest
import yaml

from accounts.models import User
from config.permissions import PERMISSIONS
from devtools.bench_routes import (
    BENCH_USERS,
    ID_KINDS,
    Route,
    api_routes,
    bench_routes,
    page_routes,
    record_ids,
    roles_for,
    route_url,
)
from devtools.demo import demo_marac_meetings_create, demo_users_create
from devtools.seed import seed_referrals, seed_report_extras
from marac.models import MaracReferral

# Kinds of record the seeded data has none of: their routes are POST-only or need an import run.
# The benchmark seeder makes none of these: their routes are logged as not measured.
NOT_SEEDED = {
    "marac_action",
    "notification",
    "referral_import",
    "refuge_request",
    "sanctuary_referral",
    "child",
    "child_case",
}


def test_every_named_page_is_found() -> None:
    # The permission map has an entry for every named page (tests/test_permissions_map.py).
    assert {route.name for route in page_routes()} == {name for name in PERMISSIONS if not name.startswith("api:")}


@pytest.mark.django_db
def test_every_get_operation_of_the_schema_is_found(client) -> None:
    schema = yaml.safe_load(client.get("/api/schema/").content)
    gets = {path.lstrip("/") for path, operations in schema["paths"].items() if "get" in operations}
    assert {route.path for route in api_routes()} == gets
    assert all(route.name.startswith("api:") for route in api_routes())


@pytest.mark.parametrize("route", bench_routes(), ids=lambda route: route.label)
def test_every_route_has_a_role_and_a_kind_of_record_for_each_parameter(route: Route) -> None:
    assert roles_for(route, PERMISSIONS), f"no role may open {route.name}: check config.permissions"
    for parameter, kind in route.parameters():
        assert kind in ID_KINDS.values(), f"{route.path}: say in ID_KINDS what {parameter} names"


def test_roles_follow_the_permission_map() -> None:
    by_name = {route.name: route for route in page_routes()}
    assert roles_for(by_name["referrals:queue"], PERMISSIONS) == ["triage", "admin"]
    assert roles_for(by_name["casework:step-downs"], PERMISSIONS) == ["manager"]
    assert "anonymous" in roles_for(by_name["intake:self-referral"], PERMISSIONS)
    assert "anonymous" not in roles_for(by_name["reports:dashboard"], PERMISSIONS)


@pytest.mark.django_db
def test_each_role_gets_a_real_record_of_every_seeded_kind(ref) -> None:
    seed_referrals(2000)
    seed_report_extras()
    # A small seeding has heard all its Swale cases; one still waits, for the demo meeting's agenda.
    waiting = MaracReferral.objects.filter(marac__slug="swale-marac").order_by("-pk")[:1].values("pk")
    MaracReferral.objects.filter(pk__in=waiting).update(heard_on=None)
    demo_users_create()
    demo_marac_meetings_create()
    users = {role: User.objects.get(username=username) for role, username in BENCH_USERS.items()}
    for role, user in users.items():
        ids = record_ids(role, user, users["worker"])
        assert set(ids) == set(ID_KINDS.values())
        missing = {kind for kind, value in ids.items() if value is None} - NOT_SEEDED
        if role in ("triage", "coordinator"):  # their referral is in triage's queue or at MARAC, not in support
            missing -= {"support_episode", "referral_action"}
        assert not missing, f"{role} has no {missing}"
    worker_ids = record_ids("worker", users["worker"], users["worker"])
    detail = next(route for route in page_routes() if route.name == "casework:support-end")
    assert route_url(detail, worker_ids) == (
        f"/cases/{worker_ids['referral']}/support/{worker_ids['support_episode']}/end/"
    )
    timeline = next(route for route in api_routes() if route.name == "api:timeline")
    assert route_url(timeline, worker_ids) == f"/api/v1/referrals/{worker_ids['referral']}/timeline/"
