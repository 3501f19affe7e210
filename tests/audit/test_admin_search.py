"""An administrator searches the trail by user or by record, on a page and over the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def looked(client, open_case, centra_worker, oasis_worker):
    case = open_case(centra_worker)
    other = open_case(oasis_worker, district="thanet")
    client.force_login(centra_worker)
    client.get(f"/referrals/{case}/", REMOTE_ADDR="192.0.2.10")
    client.force_login(oasis_worker)
    client.get(f"/referrals/{other}/", REMOTE_ADDR="192.0.2.20")
    return case, other


def test_it_finds_what_one_user_did(client, looked, administrator, centra_worker) -> None:
    client.force_login(administrator)
    html = client.get("/audit/", {"username": centra_worker.username}).content.decode()
    assert "192.0.2.10" in html
    assert "192.0.2.20" not in html


def test_it_finds_who_touched_one_record(client, looked, administrator) -> None:
    case, other = looked
    client.force_login(administrator)
    html = client.get("/audit/", {"referral": other}).content.decode()
    assert "192.0.2.20" in html and "192.0.2.10" not in html
    assert f"/audit/cases/{other}/subject-access.json" in html


def test_the_api_searches_too(api, looked, administrator, centra_worker) -> None:
    case, _ = looked
    body = api(administrator).get("/api/v1/audit/access-events/", {"referral": case}).json()
    assert {row["username"] for row in body["results"]} >= {centra_worker.username}
    assert all(case in row["referral_ids"] for row in body["results"])


def test_nobody_else_may_search(client, api, looked, centra_manager, triage) -> None:
    for user in (centra_manager, triage):
        client.force_login(user)
        assert client.get("/audit/").status_code == 404
        assert api(user).get("/api/v1/audit/access-events/").status_code == 404
