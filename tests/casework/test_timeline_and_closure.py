"""The case history a worker reads: in the order things happened, each act once, and a closure told in
words ("Feeling safe: Yes", "Not asked"), never as field names.

Ordering rule: newest first; a date-only event (a service started or ended on a day) is placed at the
end of its day, so it never sorts before something timed on that day, such as the referral's arrival."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from casework.models import OUTCOME_MEASURES

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def post(api, user, case, path, body):
    response = api(user).post(f"/api/v1/referrals/{case}/{path}/", body, format="json")
    assert response.status_code == 201, response.json()
    return response


def titles(api, user, case):
    return [event["title"] for event in api(user).get(f"/api/v1/referrals/{case}/timeline/").json()]


def test_support_started_on_the_day_of_the_referral_shows_after_it_arrived(
    api, client, open_case, centra_worker, time_machine
) -> None:
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON))
    case = open_case(centra_worker)
    post(api, centra_worker, case, "support", {"service": "outreach", "started_on": "2026-11-23"})
    history = titles(api, centra_worker, case)
    assert history.index("Started Outreach") < history.index("Received")  # newest first
    events = api(centra_worker).get(f"/api/v1/referrals/{case}/timeline/").json()
    started = next(e for e in events if e["title"] == "Started Outreach")
    assert started["date_only"] is True
    client.force_login(centra_worker)
    page = client.get(f"/referrals/{case}/").content.decode()
    assert '<time datetime="2026-11-23">23 November 2026</time>' in page  # no invented 00:00


def test_each_act_shows_once_on_the_timeline(api, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    post(api, centra_worker, case, "support", {"service": "outreach", "started_on": _today()})
    history = titles(api, centra_worker, case)
    assert len([t for t in history if t.startswith("Risk assessed")]) == 1
    assert "Assessed" not in history  # the assessment says it, with the level
    assert history.count("Started Outreach") == 1
    assert "In support" not in history  # the start of the service says it
    assert "Received" in history and "Accepted" in history


def test_a_transfer_shows_once_on_the_timeline(api, open_case, lookahead_worker, triage) -> None:
    from providers.models import Organisation

    case = open_case(lookahead_worker, "sevenoaks", 15)
    other = Organisation.objects.filter(provides_support=True).exclude(pk=lookahead_worker.organisation_id).first()
    assert other is not None
    body = {"provider": other.slug, "service": "outreach", "reason": "Moved to be near family"}
    post(api, lookahead_worker, case, "transfer", body)
    events = api(triage).get(f"/api/v1/referrals/{case}/timeline/").json()  # the case has left lookahead
    about_moving = [e for e in events if "Moved to be near family" in e["description"]]
    # The transfer once (not also as a state change); telling the MARAC's coordinators is an act of its own.
    assert sorted(e["kind"] for e in about_moving) == ["marac_notice", "transfer"]


def test_the_closure_summary_uses_the_outcome_labels(api, client, open_case, centra_worker) -> None:
    case = open_case(centra_worker)
    outcomes = dict.fromkeys(OUTCOME_MEASURES, "yes") | {"planned_move_on": "not_asked", "reduction_in_risk": "no"}
    closed = post(api, centra_worker, case, "closure", {"reason": "support_completed", "outcomes": outcomes})
    lines = {line["outcome"]: line["answer"] for line in closed.json()["outcome_lines"]}
    assert lines["Feeling safe"] == "Yes"
    assert lines["Planned move on from refuge"] == "Not asked"
    client.force_login(centra_worker)
    page = client.get(f"/referrals/{case}/").content.decode()
    assert "Feelingsafe" not in page and "notasked" not in page
    assert '<dt class="govuk-summary-list__key">Feeling safe</dt><dd class="govuk-summary-list__value">Yes</dd>' in page
    assert "Not asked" in page
    closed_event = next(
        e for e in api(centra_worker).get(f"/api/v1/referrals/{case}/timeline/").json() if e["title"] == "Closed"
    )
    assert "Feeling safe: Yes" in closed_event["description"]
    assert "Reduction in risk: No" in closed_event["description"]
    assert closed_event["description"].startswith("Support completed")


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def test_the_timeline_reads_the_cases_corrections_once(api, open_case, centra_worker) -> None:
    """Its corrections are shown on it and give the code words its free text is masked with: one read for both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = open_case(centra_worker)
    with CaptureQueriesContext(connection) as statements:
        assert api(centra_worker).get(f"/api/v1/referrals/{case}/timeline/").status_code == 200
    read = [s["sql"] for s in statements.captured_queries if 'FROM "audit_correction"' in s["sql"]]
    assert len(read) == 1


def test_a_cases_page_and_timeline_name_who_did_what_without_reading_their_accounts(
    api, client, open_case, centra_worker
) -> None:
    """The staff who assessed, started a service or corrected a record are read by name, not by their account
    (password hash, email, role): only the signed-in user's own account is read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = open_case(centra_worker)
    post(api, centra_worker, case, "support", {"service": "outreach", "started_on": _today()})
    client.force_login(centra_worker)
    with CaptureQueriesContext(connection) as statements:
        page = client.get(f"/referrals/{case}/").content.decode()
        events = api(centra_worker).get(f"/api/v1/referrals/{case}/timeline/").json()
    assert str(centra_worker) in page
    assert {event["by"] for event in events} >= {str(centra_worker)}
    accounts_read = [s["sql"] for s in statements.captured_queries if '"accounts_user"."password"' in s["sql"]]
    assert accounts_read == []
