from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from referrals.models import Referral
from tests.intake.test_self_referral import ANSWERS, answer_every_page

pytestmark = pytest.mark.django_db


def test_a_filled_honeypot_is_accepted_quietly_and_records_nothing(ref: None, client: Client) -> None:
    answer_every_page(client, website="https://spam.example")

    response = client.post("/get-help/check/")

    assert response["Location"] == "/get-help/sent/"
    assert Referral.objects.count() == 0


def test_a_honeypot_filled_only_on_the_last_page_also_records_nothing(ref: None, client: Client) -> None:
    answer_every_page(client)

    assert client.post("/get-help/check/", {"website": "x"})["Location"] == "/get-help/sent/"
    assert Referral.objects.count() == 0


def test_it_limits_submissions_per_address(ref: None, client: Client, settings: Any) -> None:
    settings.SELF_REFERRAL_SUBMIT_RATE = "2/h"
    for _ in range(2):
        answer_every_page(client)
        assert client.post("/get-help/check/").status_code == 302
    answer_every_page(client)

    limited = client.post("/get-help/check/")

    assert limited.status_code == 429
    assert "Please try again later" in limited.content.decode()
    assert Referral.objects.count() == 2
    # Another address is not limited.
    other = Client(REMOTE_ADDR="203.0.113.9")
    answer_every_page(other)
    assert other.post("/get-help/check/").status_code == 302


def test_it_limits_page_posts_per_address(ref: None, client: Client, settings: Any) -> None:
    settings.SELF_REFERRAL_STEP_RATE = "3/h"
    for _ in range(3):
        assert client.post("/get-help/about-you/", ANSWERS["about-you"]).status_code == 302

    assert client.post("/get-help/about-you/", ANSWERS["about-you"]).status_code == 429


def test_it_refuses_answers_longer_than_the_fields_allow(ref: None, client: Client) -> None:
    answers = {**ANSWERS["what-is-happening"], "circumstances": "x" * 2001}

    response = client.post("/get-help/what-is-happening/", answers)

    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()


def test_it_refuses_a_body_larger_than_the_upload_limit(ref: None, client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post("/get-help/what-is-happening/", {**ANSWERS["what-is-happening"], "x": "y" * 20_000})

    assert response.status_code == 413  # refused from its Content-Length (kidas/limits.py)
    assert Referral.objects.count() == 0
