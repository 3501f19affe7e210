"""When the database is away (restarting, failing over) a request answers 503 with Retry-After,
not a 500: a fault of the moment, not a bug, and nothing was saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

import referrals.selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_away(monkeypatch: pytest.MonkeyPatch) -> None:
    def away(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(referrals.selectors, "referrals_visible_to", away)


def test_the_api_answers_503_with_retry_after(database_away: None, triage) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(triage)
    response = client.get("/api/v1/referrals/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in response.json()["detail"]


def test_a_page_answers_503_with_retry_after(database_away: None, triage) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(triage)
    response = client.get("/referrals/")
    assert response.status_code == 503
    assert "try again" in response.content.decode()


def test_any_other_error_is_still_a_500(monkeypatch: pytest.MonkeyPatch, triage) -> None:
    monkeypatch.setattr(referrals.selectors, "referrals_visible_to", lambda user: 1 / 0)
    client = Client(raise_request_exception=False)
    client.force_login(triage)
    response = client.get("/api/v1/referrals/")
    assert response.status_code == 500
    assert "Nothing was saved" in response.json()["detail"]
