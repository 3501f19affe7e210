"""Side effects of a transition run only after its transaction commits, and carry no personal details."""

from __future__ import annotations

import pytest

from referrals.tasks import notify_provider_of_referral

pytestmark = pytest.mark.django_db


def test_the_provider_is_told_only_after_the_routing_commits(
    create_referral, assess, django_capture_on_commit_callbacks
) -> None:
    referral = create_referral(district="swale")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assess(referral["id"], 11)
    assert len(callbacks) == 1  # queued for after commit, not sent inside the transaction


def test_a_refused_move_queues_nothing(create_referral, api, triage, django_capture_on_commit_callbacks) -> None:
    referral = create_referral(district="swale")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api(triage).post(f"/api/v1/referrals/{referral['id']}/route/", {}, format="json")
    assert response.status_code == 409
    assert callbacks == []


def test_the_email_has_a_link_and_no_personal_details(create_referral, assess, mailoutbox) -> None:
    referral = create_referral(district="swale", first_name="Imogen", last_name="Unusualname")
    assess(referral["id"], 11)
    notify_provider_of_referral(referral["id"])
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["referrals@centra.example.org"]
    assert f"/referrals/{referral['id']}/" in message.body
    assert "Imogen" not in message.body + message.subject
    assert "Unusualname" not in message.body + message.subject
