"""Someone refers themselves online: the public pages load nothing from another origin, pass
axe-core, and the referral reaches the triage queue. "Exit this page" (button and Shift x3)
lands on the neutral site and leaves no way Back to the form."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches

from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NEUTRAL = "https://www.bbc.co.uk/weather"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # The rate-limit cache is a database table that a transactional test's flush does not empty.
    caches["ratelimit"].clear()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_accessible(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def neutral_site(page: Any) -> None:
    """There is no internet here: the neutral site answers with a tiny page of its own."""
    page.context.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"
        ),
    )


def fill_about_you(page: Any) -> None:
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("1988")
    page.get_by_role("group", name="How do you describe yourself?").get_by_label("Woman").check()


def test_someone_refers_themselves_and_the_triage_team_sees_it(live_server: Any, page: Any, triage: Any) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/get-help/")
    check_accessible(page)
    page.get_by_role("button", name="Start now").click()

    page.get_by_role("heading", name="About you").wait_for()
    check_accessible(page)
    fill_about_you(page)
    page.get_by_label("Which area do you live in?").select_option(label="Swale")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="How we can contact you safely").wait_for()
    check_accessible(page)
    page.get_by_label("A phone number that is safe to call").fill("07700 900111")
    page.get_by_role("group", name="Is it safe for us to leave a voicemail?").get_by_label("No").check()
    page.get_by_role("group", name="Can the person hurting you see or use your phone?").get_by_label("No").check()
    page.get_by_label("When is it safe for us to contact you?").fill("Weekdays after 10am")
    page.get_by_label("A code word (optional)").fill("bluebell")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="What is happening").wait_for()
    check_accessible(page)
    page.get_by_role("group", name="Who is hurting you?").get_by_label("Ex-partner").check()
    page.get_by_role("group", name="Do they live with you?").get_by_label("No").check()
    page.get_by_label("Tell us briefly what is happening (optional)").fill("He keeps turning up.")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Your agreement").wait_for()
    check_accessible(page)
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Check your answers before sending").wait_for()
    check_accessible(page)
    page.get_by_role("button", name="Send").click()

    page.get_by_role("heading", name="Request sent").wait_for()
    check_accessible(page)
    assert "Amara" not in page.content()
    assert {origin(url) for url in requested} == {live_server.url}, requested
    assert page.context.cookies() and {c["name"] for c in page.context.cookies()} <= {"csrftoken", "sessionid"}

    sign_in(page, live_server.url, triage)
    page.get_by_role("heading", name="Triage queue").wait_for()
    assert "Okafor" in page.locator("table").inner_text()


def test_exit_this_page_lands_on_the_neutral_site_and_back_does_not_return_to_the_form(
    live_server: Any, page: Any, ref: None
) -> None:
    neutral_site(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/get-help/about-you/")
    fill_about_you(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="How we can contact you safely").wait_for()
    # Clicked before the module script has run, the button is a plain link that forgets nothing.
    page.locator("[data-module='govuk-exit-this-page'][data-govuk-exit-this-page-init]").wait_for(state="attached")
    requests_before_exit: list[str] = []
    page.on("request", lambda request: requests_before_exit.append(request.url))

    page.get_by_role("button", name="Exit this page").click()

    page.wait_for_url(NEUTRAL)
    page.get_by_role("heading", name="Weather").wait_for()
    assert f"{live_server.url}/get-help/forget/" in requests_before_exit
    # Back brings no public page again: the earlier step hides itself and goes on to the neutral site.
    page.go_back()
    page.wait_for_url(NEUTRAL)
    page.get_by_role("heading", name="Weather").wait_for()
    assert f"{live_server.url}/get-help/" not in page.url
    # Back once more leaves the public pages behind altogether.
    page.go_back()
    page.wait_for_url(f"{live_server.url}/accounts/login/")


def test_a_public_page_opened_afresh_after_exit_is_shown(live_server: Any, page: Any, ref: None) -> None:
    neutral_site(page)
    page.goto(f"{live_server.url}/get-help/about-you/")
    page.locator("[data-module='govuk-exit-this-page'][data-govuk-exit-this-page-init]").wait_for(state="attached")
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(NEUTRAL)

    page.goto(f"{live_server.url}/get-help/about-you/")

    page.get_by_role("heading", name="About you").wait_for()
    assert page.get_by_label("First name").input_value() == ""


def test_the_next_visitor_on_the_same_browser_is_offered_nothing(live_server: Any, page: Any, ref: None) -> None:
    page.goto(f"{live_server.url}/get-help/about-you/")
    fill_about_you(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="How we can contact you safely").wait_for()
    page.get_by_label("A phone number that is safe to call").fill("07700 900111")
    page.get_by_label("An email address that is safe to use (optional)").fill("amara@example.org")
    page.get_by_role("group", name="Is it safe for us to leave a voicemail?").get_by_label("No").check()
    page.get_by_role("group", name="Can the person hurting you see or use your phone?").get_by_label("No").check()
    page.get_by_label("When is it safe for us to contact you?").fill("Weekdays after 10am")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="What is happening").wait_for()
    page.get_by_role("group", name="Who is hurting you?").get_by_label("Ex-partner").check()
    page.get_by_role("group", name="Do they live with you?").get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Request sent").wait_for()

    # The next visitor, same browser: a fresh tab of the same context (same cookies, same profile).
    after = page.context.new_page()
    for slug in ("about-you", "contact"):
        after.goto(f"{live_server.url}/get-help/{slug}/")
        typed = after.locator(
            "main input[type='text'], main input[type='email'], main input[type='tel'], main textarea"
        )
        assert typed.count() > 0
        for index in range(typed.count()):
            field = typed.nth(index)
            if field.get_attribute("name") == "website":
                continue
            assert field.input_value() == "", slug
            assert field.get_attribute("autocomplete") == "off", field.get_attribute("name")
        assert after.locator("input[type='radio']:checked").count() == 0
        assert "Amara" not in after.content() and "07700" not in after.content()
    # Nothing of the answers is left in the browser's storage either.
    assert after.evaluate("() => window.localStorage.length") == 0
    assert {c["name"] for c in page.context.cookies()} <= {"csrftoken", "sessionid"}


def test_pressing_shift_three_times_leaves_too(live_server: Any, page: Any, ref: None) -> None:
    neutral_site(page)
    page.goto(f"{live_server.url}/get-help/about-you/")
    page.get_by_label("First name").fill("Amara")
    page.locator("[data-module='govuk-exit-this-page'][data-govuk-exit-this-page-init]").wait_for(state="attached")

    for _ in range(3):
        page.keyboard.press("Shift")

    page.wait_for_url(NEUTRAL)
