"""Names are typed by people (and by partner systems): markup in a name shows as text on every list,
it never becomes part of the page."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db

NAME = "<script>alert(1)</script>"
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"
SURNAME = "O'Brien <b>"
SURNAME_SHOWN = "O&#x27;Brien &lt;b&gt;"


def page(user: User, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_name_with_markup_shows_as_text_in_the_caseload(open_case, centra_worker) -> None:
    open_case(centra_worker, first_name=NAME, last_name=SURNAME)
    html = page(centra_worker, "/cases/")
    assert f"{SHOWN} {SURNAME_SHOWN}" in html
    assert NAME not in html and "<b>" not in html


def test_a_name_with_markup_shows_as_text_in_the_inbox(routed_case, centra_worker) -> None:
    routed_case(first_name=NAME, last_name=SURNAME)
    html = page(centra_worker, "/cases/inbox/")
    assert SHOWN in html and SURNAME_SHOWN in html
    assert NAME not in html and "<b>" not in html


def test_a_name_with_markup_shows_as_text_in_the_triage_queue(create_referral, triage) -> None:
    create_referral(first_name=NAME, last_name=SURNAME)
    html = page(triage, "/referrals/queue/")
    assert SHOWN in html and SURNAME_SHOWN in html
    assert NAME not in html and "<b>" not in html
