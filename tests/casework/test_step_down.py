"""Lowering risk needs a reason and a manager's approval; the case keeps its level until then, the flags of
every assessment stay in view, and a MARAC case is never stepped down or closed without its coordinators
being told. Stepping up needs nobody's approval."""

from __future__ import annotations

import pytest

from accounts.models import Role
from casework.models import OUTCOME_MEASURES, StepDown
from marac.models import MaracNotice
from referrals.models import Referral, RiskAssessment
from sla.models import Notification
from tests.factories import user_in

pytestmark = pytest.mark.django_db

STEP_DOWN_REASON = "Perpetrator remanded in custody until trial; client moved to a new address."


def post(api, user, case, path, body):
    return api(user).post(f"/api/v1/referrals/{case}/{path}/", body, format="json")


@pytest.fixture
def high_case(open_case, centra_worker):
    """A Swale case, high risk with threats to kill and strangulation, with Centra, waiting for Swale MARAC."""
    return open_case(centra_worker, "swale", 16)


def ask_step_down(api, worker, case, answers_with, reason=STEP_DOWN_REASON):
    return post(api, worker, case, "reassessment", {"answers": answers_with(0), "step_down_reason": reason})


def level_of(case: int) -> str:
    return Referral.objects.get(pk=case).risk_level


def test_a_step_down_without_a_reason_is_refused_and_nothing_is_saved(
    api, high_case, answers_with, centra_worker
) -> None:
    assessments = RiskAssessment.objects.filter(referral_id=high_case).count()
    refused = ask_step_down(api, centra_worker, high_case, answers_with, reason="  ")
    assert refused.status_code == 400
    assert "Say why the risk is lower" in str(refused.json()["step_down_reason"])
    assert RiskAssessment.objects.filter(referral_id=high_case).count() == assessments
    assert not StepDown.objects.exists()
    assert level_of(high_case) == "high"


def test_a_step_down_waits_for_a_managers_approval_and_the_case_stays_high(
    api, high_case, answers_with, centra_worker, centra_manager
) -> None:
    response = ask_step_down(api, centra_worker, high_case, answers_with)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["level"], body["risk_level"], body["step_down"]) == ("standard", "high", "pending")
    assert body["outcome"] == (
        "Step-down to standard sent to your manager for approval; the case stays high risk until approved."
    )
    assert api(centra_worker).get(f"/api/v1/referrals/{high_case}/").json()["risk_level"] == "high"
    (notification,) = Notification.objects.filter(user=centra_manager)
    assert notification.link == f"/cases/{high_case}/step-down/"
    waiting = api(centra_manager).get("/api/v1/step-downs/").json()["results"]
    assert [(w["referral"], w["from_level"], w["to_level"], w["reason"]) for w in waiting] == [
        (high_case, "high", "standard", STEP_DOWN_REASON)
    ]


def test_the_manager_approves_and_the_case_takes_the_lower_level_once(
    api, high_case, answers_with, centra_worker, centra_manager
) -> None:
    ask_step_down(api, centra_worker, high_case, answers_with)
    no_reason = post(api, centra_manager, high_case, "step-down/approve", {"reason": ""})
    assert no_reason.status_code == 400
    assert level_of(high_case) == "high"

    approved = post(api, centra_manager, high_case, "step-down/approve", {"reason": "Agreed in supervision"})
    assert approved.status_code == 201, approved.json()
    assert (approved.json()["state"], approved.json()["decided_by"]) == ("approved", str(centra_manager))
    assert level_of(high_case) == "standard"
    again = post(api, centra_manager, high_case, "step-down/approve", {"reason": "Agreed in supervision"})
    assert again.status_code == 409
    assert post(api, centra_manager, high_case, "step-down/refuse", {"reason": "Changed my mind"}).status_code == 409
    assert Notification.objects.filter(user=centra_worker, text__startswith="Step-down approved").exists()
    timeline = api(centra_worker).get(f"/api/v1/referrals/{high_case}/timeline/").json()
    titles = [event["title"] for event in timeline if event["kind"] == "step_down"]
    assert titles == ["Step-down from high to standard approved", "Step-down from high to standard asked for"]


def test_a_refusal_keeps_the_level_and_tells_the_worker_why(
    api, high_case, answers_with, centra_worker, centra_manager
) -> None:
    ask_step_down(api, centra_worker, high_case, answers_with)
    refused = post(api, centra_manager, high_case, "step-down/refuse", {"reason": "Strangulation in March"})
    assert refused.status_code == 201
    assert level_of(high_case) == "high"
    (told,) = Notification.objects.filter(user=centra_worker)
    assert told.text.startswith(f"Step-down refused: R{high_case:07d}")
    step_down = StepDown.objects.get()
    assert (step_down.state, step_down.decided_by, step_down.decision_reason) == (
        "refused",
        centra_manager,
        "Strangulation in March",
    )


def test_only_another_manager_of_the_provider_may_decide(
    api, high_case, answers_with, centra_worker, centra_manager, oasis_worker
) -> None:
    second_manager = user_in("centra", Role.PROVIDER_MANAGER, username="cleo.centra")
    oasis_manager = user_in("oasis", Role.PROVIDER_MANAGER, username="omar.oasis")
    ask_step_down(api, centra_manager, high_case, answers_with)  # the manager asks, as the worker on shift
    body = {"reason": "Fine"}
    assert post(api, centra_manager, high_case, "step-down/approve", body).status_code == 403  # who asked
    assert post(api, centra_worker, high_case, "step-down/approve", body).status_code == 403  # not a manager
    assert post(api, oasis_manager, high_case, "step-down/approve", body).status_code == 404  # not their case
    assert post(api, oasis_worker, high_case, "step-down/refuse", body).status_code == 404
    assert level_of(high_case) == "high"
    assert post(api, second_manager, high_case, "step-down/approve", body).status_code == 201
    assert level_of(high_case) == "standard"


def test_stepping_up_needs_no_approval_and_withdraws_a_waiting_step_down(
    api, high_case, answers_with, centra_worker
) -> None:
    ask_step_down(api, centra_worker, high_case, answers_with)
    again_high = post(api, centra_worker, high_case, "reassessment", {"answers": answers_with(17)})
    assert again_high.status_code == 201
    assert (again_high.json()["risk_level"], again_high.json()["step_down"]) == ("high", None)
    step_down = StepDown.objects.get()
    assert step_down.state == "withdrawn" and "Reassessed as high risk" in step_down.decision_reason

    medium = post(api, centra_worker, high_case, "reassessment", {"answers": answers_with(11)})
    assert medium.status_code == 400  # lower than high: a reason is needed
    assert medium.json()["step_down_reason"]


def test_approving_a_step_down_of_a_marac_case_tells_its_coordinator(
    api, high_case, answers_with, centra_worker, centra_manager, swale_coordinator, thanet_coordinator
) -> None:
    ask_step_down(api, centra_worker, high_case, answers_with)
    assert not Notification.objects.filter(user=swale_coordinator).exists()  # nothing changed yet
    post(api, centra_manager, high_case, "step-down/approve", {"reason": "Agreed in supervision"})
    (notification,) = Notification.objects.filter(user=swale_coordinator)
    assert notification.text == f"Risk stepped down: R{high_case:07d} at Swale MARAC"
    assert not Notification.objects.filter(user=thanet_coordinator).exists()
    (notice,) = MaracNotice.objects.filter(case__referral_id=high_case)
    assert notification.link == f"/marac/cases/{notice.case_id}/"
    assert "from high to standard" in notice.text and STEP_DOWN_REASON in notice.text
    assert "Agreed in supervision" in notice.text


def test_closing_a_marac_case_warns_first_and_tells_the_coordinator(
    client, api, high_case, centra_worker, swale_coordinator
) -> None:
    client.force_login(centra_worker)
    page = client.get(f"/cases/{high_case}/close/").content.decode()
    assert 'id="marac-warning"' in page and "waiting to be heard at Swale MARAC" in page
    outcomes = dict.fromkeys(OUTCOME_MEASURES, "yes")
    closed = post(api, centra_worker, high_case, "closure", {"reason": "moved_out_of_area", "outcomes": outcomes})
    assert closed.status_code == 201
    (notification,) = Notification.objects.filter(user=swale_coordinator)
    assert notification.text == f"Case closed: R{high_case:07d} at Swale MARAC"
    (notice,) = MaracNotice.objects.filter(case__referral_id=high_case)
    assert notice.kind == "closure" and "Moved out of area" in notice.text
    client.force_login(swale_coordinator)
    assert "Moved out of area" in client.get(f"/marac/cases/{notice.case_id}/").content.decode()


def test_closing_a_case_that_never_went_to_marac_tells_nobody_and_warns_of_nothing(
    client, api, open_case, centra_worker, swale_coordinator
) -> None:
    case = open_case(centra_worker, "swale", 11)
    client.force_login(centra_worker)
    assert 'id="marac-warning"' not in client.get(f"/cases/{case}/close/").content.decode()
    outcomes = dict.fromkeys(OUTCOME_MEASURES, "yes")
    closed = post(api, centra_worker, case, "closure", {"reason": "support_completed", "outcomes": outcomes})
    assert closed.status_code == 201
    assert not Notification.objects.filter(user=swale_coordinator).exists()


def test_the_case_page_keeps_the_flags_of_every_assessment(
    client, api, high_case, answers_with, centra_worker, centra_manager
) -> None:
    ask_step_down(api, centra_worker, high_case, answers_with)
    client.force_login(centra_worker)
    page = client.get(f"/referrals/{high_case}/").content.decode()
    assert 'id="step-down-waiting"' in page and "The case stays high risk until then" in page
    post(api, centra_manager, high_case, "step-down/approve", {"reason": "Agreed in supervision"})
    page = client.get(f"/referrals/{high_case}/").content.decode()
    flags = page[page.index('id="assessment-flags"') :]
    assert "Strangulation or choking" in flags and "Threats to kill" in flags
    assert 'id="step-down-waiting"' not in page


def test_a_manager_finds_and_decides_step_downs_on_the_pages(
    client, api, high_case, answers_with, centra_worker, centra_manager
) -> None:
    ask_step_down(api, centra_worker, high_case, answers_with)
    client.force_login(centra_manager)
    assert "/cases/step-downs/" in client.get("/cases/").content.decode()  # in the menu
    listing = client.get("/cases/step-downs/").content.decode()
    assert f"R{high_case:07d}" in listing and STEP_DOWN_REASON in listing
    unchosen = client.post(f"/cases/{high_case}/step-down/", {"reason": "Agreed"})
    assert unchosen.status_code == 400 and "Choose approve or refuse" in unchosen.content.decode()
    assert "<title>Error: " in unchosen.content.decode()
    decided = client.post(f"/cases/{high_case}/step-down/", {"decision": "approve", "reason": "Agreed"}, follow=True)
    assert f"Step-down approved: R{high_case:07d} is now standard risk" in decided.content.decode()
    assert "Swale MARAC have been told" in decided.content.decode()
    assert client.post(f"/cases/{high_case}/step-down/", {"decision": "approve", "reason": "Again"}).status_code == 409
    client.force_login(centra_worker)
    assert client.get("/cases/step-downs/").status_code == 404
    assert client.get(f"/cases/{high_case}/step-down/").status_code == 403


def test_the_worker_is_told_what_really_happened_on_the_page(client, high_case, question_keys, centra_worker) -> None:
    client.force_login(centra_worker)
    form = {f"q_{key}": "no" for key in question_keys} | {"honour_based_abuse": "no"}
    refused = client.post(f"/cases/{high_case}/reassess/", form)
    assert refused.status_code == 400 and "Say why the risk is lower" in refused.content.decode()
    sent = client.post(f"/cases/{high_case}/reassess/", form | {"step_down_reason": STEP_DOWN_REASON}, follow=True)
    page = sent.content.decode()
    assert "Step-down to standard sent to your manager for approval; the case stays high risk until approved." in page
    assert "govuk-notification-banner--success" not in page  # asked for, not done: no green "Success"
    assert level_of(high_case) == "high"


def test_transferring_a_marac_case_tells_the_coordinator(api, high_case, centra_worker, swale_coordinator) -> None:
    moved = post(
        api,
        centra_worker,
        high_case,
        "transfer",
        {"provider": "oasis", "service": "idva", "reason": "Moved to Margate"},
    )
    assert moved.status_code == 201, moved.json()
    (notification,) = Notification.objects.filter(user=swale_coordinator)
    assert notification.text == f"Case transferred to another provider: R{high_case:07d} at Swale MARAC"
    assert "Moved to Margate" in MaracNotice.objects.get(case__referral_id=high_case).text


def test_a_step_down_with_no_other_manager_to_approve_says_so_and_tells_the_administrators(
    api, high_case, answers_with, centra_worker, administrator
) -> None:
    body = ask_step_down(api, centra_worker, high_case, answers_with).json()
    assert "No other manager of Centra Care and Support can approve it yet" in body["outcome"]
    assert Notification.objects.filter(user=administrator, link=f"/cases/{high_case}/step-down/").exists()
    assert level_of(high_case) == "high"


def test_closing_withdraws_a_waiting_step_down_and_it_can_no_longer_be_approved(
    api, high_case, answers_with, centra_worker, centra_manager
) -> None:
    ask_step_down(api, centra_worker, high_case, answers_with)
    outcomes = dict.fromkeys(OUTCOME_MEASURES, "yes")
    post(api, centra_worker, high_case, "closure", {"reason": "support_completed", "outcomes": outcomes})
    step_down = StepDown.objects.get()
    assert (step_down.state, step_down.decision_reason) == ("withdrawn", "Case closed")
    assert post(api, centra_manager, high_case, "step-down/approve", {"reason": "Agreed"}).status_code == 409
    assert level_of(high_case) == "high"
