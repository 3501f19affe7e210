"""The OpenAPI schema documents every endpoint, and the token sign-in works."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from drf_spectacular.views import SpectacularAPIView

from kidas.schema import SchemaView
from tests.two_factor import authenticator_of, current_code

pytestmark = pytest.mark.django_db


def test_the_schema_generates_without_warnings(tmp_path) -> None:
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out), "--fail-on-warn", "--validate")
    schema = out.read_text()
    for path in (
        "/api/v1/referrals/",
        "/api/v1/referrals/{id}/",
        "/api/v1/referrals/{id}/risk-assessment/",
        "/api/v1/referrals/{id}/accept/",
        "/api/v1/referrals/{id}/decline/",
        "/api/v1/referrals/{id}/manual-route/",
        "/api/v1/auth/token/",
    ):
        assert f"  {path}:" in schema


def test_the_schema_and_docs_are_served(client) -> None:
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()  # served from our own static files


def test_a_system_gets_a_token_and_uses_it(client, triage) -> None:
    code = current_code(authenticator_of(triage))
    response = client.post(
        "/api/v1/auth/token/",
        {"username": triage.username, "password": "correct-horse-battery-staple", "otp_code": code},
        content_type="application/json",
    )
    token = response.json()["token"]
    listed = client.get("/api/v1/referrals/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listed.status_code == 200


def test_a_wrong_password_gets_no_token(client, triage) -> None:
    response = client.post(
        "/api/v1/auth/token/",
        {"username": triage.username, "password": "wrong", "otp_code": current_code(authenticator_of(triage))},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.parametrize("query", ["", "?format=json"])
def test_the_schema_served_is_the_one_drf_spectacular_builds_for_the_caller(rf, triage, query) -> None:
    """Built once per process (kidas.schema.SchemaView): the same bytes, headers and format as building it for
    this request, whoever asks."""
    answers = []
    for view in (SpectacularAPIView.as_view(), SchemaView.as_view(), SchemaView.as_view()):
        request = rf.get(f"/api/schema/{query}")
        request.user = triage
        response = view(request)
        if hasattr(response, "render"):
            response.render()
        answers.append(
            (response.status_code, response["Content-Type"], response["Content-Disposition"], response.content)
        )
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 200


def test_a_schema_filtered_by_permissions_is_never_shared(rf, triage) -> None:
    """Were SERVE_PUBLIC turned off, each caller's schema would be their own: nothing is kept between callers."""
    request = rf.get("/api/schema/")
    request.user = triage
    SchemaView._rendered.clear()
    response = SchemaView.as_view(serve_public=False)(request)
    response.render()
    assert response.status_code == 200
    assert SchemaView._rendered == {}
