"""The one permission map (config.permissions): every page has an entry, the pages enforce it, and the
menu offers each role only pages that open for it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from config.permissions import MENU, PERMISSIONS, menu_for
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


def _page_names() -> set[str]:
    return {name for name in url_pattern_names() if not name.startswith(("api:", "admin:"))}


def test_every_page_url_name_has_a_permission_entry_and_no_entry_is_stale() -> None:
    names = _page_names()
    assert sorted(names - set(PERMISSIONS)) == [], "pages without a permission entry"
    assert sorted(set(PERMISSIONS) - names) == [], "permission entries for no page"


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
