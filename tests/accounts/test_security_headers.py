"""Every answer carries the security headers: a Content Security Policy with no inline script,
no framing, no MIME sniffing, a same-origin referrer policy."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/accounts/login/", "/get-help/", "/referrals/queue/"])
def test_pages_forbid_inline_scripts_and_framing(client, triage, url) -> None:
    if url == "/referrals/queue/":
        client.force_login(triage)
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/accounts/login/", "/get-help/", "/referrals/queue/", "/cases/"])
def test_pages_have_no_inline_script_style_or_handlers(client, triage, centra_worker, url) -> None:
    if url in ("/referrals/queue/", "/cases/"):
        client.force_login(centra_worker if url == "/cases/" else triage)
    html = client.get(url).content.decode()
    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script, script
    assert not re.search(r"\son[a-z]+=", html)
    assert " style=" not in html
    assert "<style" not in html


def test_the_api_docs_relax_styles_only_for_swagger_ui(client) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200
    policy = directives(page)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy["style-src"]
    html = page.content.decode()
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))  # Swagger UI's start-up is a file
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_session_cookie_is_not_readable_by_scripts(client, triage) -> None:
    client.force_login(triage)
    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/", {"username": triage.username, "password": "correct-horse-battery-staple"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
