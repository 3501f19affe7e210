"""A provider manager sees the trail of their organisation's cases; nobody else outside
administrators does (404, as for any record out of scope)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_manager_sees_who_looked_at_their_case(client, open_case, centra_worker, centra_manager) -> None:
    case = open_case(centra_worker)
    client.force_login(centra_worker)
    client.get(f"/referrals/{case}/")
    client.force_login(centra_manager)
    page = client.get(f"/referrals/{case}/")
    assert f'href="/audit/cases/{case}/"' in page.content.decode()
    response = client.get(f"/audit/cases/{case}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert centra_worker.username in html
    assert 'id="change-events"' in html


@pytest.mark.parametrize("who", ["centra_worker", "oasis_manager", "triage", "swale_coordinator", "commissioner"])
def test_anyone_else_gets_not_found(client, request, open_case, centra_worker, who) -> None:
    case = open_case(centra_worker)
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/audit/cases/{case}/").status_code == 404


def test_an_administrator_sees_any_case_trail(client, open_case, centra_worker, administrator) -> None:
    case = open_case(centra_worker)
    client.force_login(administrator)
    assert client.get(f"/audit/cases/{case}/").status_code == 200


def test_the_trail_page_shows_no_restricted_values(client, open_case, centra_worker, centra_manager) -> None:
    case = open_case(centra_worker, code_word="kingfisher")
    client.force_login(centra_manager)
    html = client.get(f"/audit/cases/{case}/").content.decode()
    assert "kingfisher" not in html
    assert "(restricted)" in html
