"""The one permission map (config.permissions): every page has an entry, the pages enforce it, and the
menu offers each role only pages that open for it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from config.permissions import MENU, PERMISSIONS, FollowsPermissionMap, menu_for
from devtools.demo import demo_users_create
from tests.test_access_matrix import url_pattern_names

ROLES = (
    "triage",
    "centra_worker",
    "centra_manager",
    "swale_coordinator",
    "police_user",
    "commissioner",
    "administrator",
)


def _named_urls() -> set[str]:
    return {name for name in url_pattern_names() if not name.startswith("admin:")}


# The only URLs open without signing in. Adding one is a decision: it is reviewed here.
PUBLIC_URLS = {
    "accounts:login",
    "accounts:logout",
    "admin-login",
    "schema",
    "api-docs",
    "intake:self-referral",
    "intake:self-referral-check",
    "intake:self-referral-sent",
    "intake:self-referral-leave",
    "intake:self-referral-step",
    "api:token",
    "api:partner-referrals",  # no user: the partner organisation's API key
}


def test_every_url_name_pages_and_api_has_a_permission_entry_and_no_entry_is_stale() -> None:
    names = _named_urls()
    assert any(name.startswith("api:") for name in names) and "referrals:queue" in names
    assert sorted(names - set(PERMISSIONS)) == [], "URLs without a permission entry"
    assert sorted(set(PERMISSIONS) - names) == [], "permission entries for no URL"


def test_every_url_has_a_name_so_the_map_can_guard_it() -> None:
    # An unnamed pattern walks as "" (or "namespace:None"): the map could not name it, so it would be refused.
    assert [name for name in _named_urls() if name == "" or name.endswith(":None")] == []


def test_only_the_public_list_is_open_without_signing_in() -> None:
    assert {name for name, permission in PERMISSIONS.items() if not permission.signed_in} == PUBLIC_URLS


def test_every_api_view_asks_the_map() -> None:
    forgetful = []
    for name, pattern in url_pattern_names().items():
        if name.startswith("api:"):
            view_class = pattern.callback.cls
            if FollowsPermissionMap not in view_class.permission_classes:
                forgetful.append(name)
    assert forgetful == []


def test_every_menu_link_has_a_permission_entry() -> None:
    assert {link.url_name for link in MENU} <= set(PERMISSIONS)


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_a_role_is_shown_opens_for_it(role: str, request: Any, client: Client) -> None:
    user: User = request.getfixturevalue(role)
    client.force_login(user)
    home = client.get(reverse("home"), follow=True)
    links = menu_for(user)
    assert links, f"{role} is offered no page"
    page = home.content.decode()
    for link in links:
        url = reverse(link.url_name)
        assert f'href="{url}"' in page, f"{role}'s menu lacks {link.label}"
        assert client.get(url).status_code == 200, f"{role}'s menu offers {link.label}, which does not open"


@pytest.mark.parametrize("role", ROLES)
def test_a_page_the_menu_hides_from_a_role_does_not_open_for_it(role: str, request: Any, client: Client) -> None:
    user: User = request.getfixturevalue(role)
    client.force_login(user)
    offered = {link.url_name for link in menu_for(user)}
    for link in MENU:
        if link.url_name not in offered and not PERMISSIONS[link.url_name].policy(user):
            assert client.get(reverse(link.url_name)).status_code in (403, 404), link.label


def test_a_provider_worker_is_refused_the_triage_queue_by_the_map_with_404(centra_worker: User, client: Client) -> None:
    client.force_login(centra_worker)
    assert client.get(reverse("referrals:queue")).status_code == 404
    assert client.get(reverse("reports:dashboard")).status_code == 403


def _menu_links(page: str) -> list[str]:
    """The links of the menu as the page shows it."""
    menu = page.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"', menu)


def test_each_demo_role_gets_200_from_every_link_its_menu_shows(ref: None, client: Client) -> None:
    """Signed in as the demo's users, one of each role: every menu link opens (never a 403 or a 404)."""
    users = demo_users_create()
    one_of_each_role = {user.role: user for user in reversed(users.values())}
    assert len(one_of_each_role) == len(Role.values)
    for role, user in one_of_each_role.items():
        client.force_login(user)
        links = _menu_links(client.get(reverse("home"), follow=True).content.decode())
        assert links, f"{role} is offered no page"
        for url in links:
            assert client.get(url).status_code == 200, f"{role}'s menu offers {url}, which does not open"


@pytest.mark.parametrize(
    ("url", "allowed", "refused", "status"),
    [
        ("/api/v1/triage-queue/", "triage", "centra_worker", 404),
        ("/api/v1/inbox/", "centra_worker", "triage", 404),
        ("/api/v1/caseload/", "centra_worker", "commissioner", 404),
        ("/api/v1/refuges/", "triage", "police_user", 404),
        ("/api/v1/step-downs/", "centra_manager", "centra_worker", 404),
        ("/api/v1/breaches/", "centra_manager", "centra_worker", 404),
        ("/api/v1/audit/access-events/", "administrator", "triage", 404),
        ("/api/v1/reports/return/", "commissioner", "centra_worker", 403),
    ],
)
def test_the_api_follows_the_map_for_sessions_and_tokens_alike(
    url: str, allowed: str, refused: str, status: int, request: Any, client: Client, api: Any, ref: None
) -> None:
    """The same entry as the page: refused in the API's JSON error shape, whether the caller signed in on the
    website (the middleware answers) or sends a token (DRF's permission class answers)."""
    for sign_in in ("session", "token"):
        for persona, expected in ((allowed, 200), (refused, status)):
            user = request.getfixturevalue(persona)
            if sign_in == "session":
                client.force_login(user)
                response = client.get(url)
            else:
                response = api(user).get(url)
            assert response.status_code == expected, (sign_in, persona, response.content)
            if expected != 200:
                assert set(response.json()) == {"detail"}
    # Signed out: DRF's "not signed in" (403 as the session scheme comes first, as before the map).
    signed_out = api(None).get(url)
    assert signed_out.status_code in (401, 403)
    assert signed_out.json() == {"detail": "Authentication credentials were not provided."}


def test_a_signed_out_caller_of_a_public_endpoint_reaches_its_view(db: None, api: Any) -> None:
    assert api(None).post("/api/v1/auth/token/", {}, format="json").status_code == 400  # the view's own answer


def test_a_method_an_endpoint_does_not_take_is_405_for_every_role(
    centra_worker: User, client: Client, api: Any
) -> None:
    client.force_login(centra_worker)
    assert client.generic("TRACE", "/api/v1/step-downs/").status_code == 405
    assert api(centra_worker).generic("TRACE", "/api/v1/step-downs/").status_code == 405
    assert client.get("/api/v1/step-downs/").status_code == 404
