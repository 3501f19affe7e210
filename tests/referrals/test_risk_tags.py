"""The risk tags have one home: the same markup on the referral pages and the caseload rows."""

from __future__ import annotations

import pytest

from referrals.display import risk_tags

PURPLE_REPEAT = ' <strong class="govuk-tag govuk-tag--purple">Repeat</strong>'


@pytest.mark.parametrize(
    ("level", "repeat", "html"),
    [
        ("high", False, '<strong class="govuk-tag govuk-tag--red">High risk</strong>'),
        ("medium", False, '<strong class="govuk-tag govuk-tag--orange">Medium risk</strong>'),
        ("standard", False, '<strong class="govuk-tag govuk-tag--blue">Standard risk</strong>'),
        (None, False, '<strong class="govuk-tag govuk-tag--grey">Not assessed</strong>'),
        ("", False, '<strong class="govuk-tag govuk-tag--grey">Not assessed</strong>'),
        ("high", True, '<strong class="govuk-tag govuk-tag--red">High risk</strong>' + PURPLE_REPEAT),
        (None, True, '<strong class="govuk-tag govuk-tag--grey">Not assessed</strong>' + PURPLE_REPEAT),
    ],
)
def test_risk_tags(level, repeat, html) -> None:  # type: ignore[no-untyped-def]
    assert str(risk_tags(level, repeat)) == html


@pytest.mark.django_db
def test_the_caseload_and_the_inbox_show_the_same_tags(client, open_case, routed_case, centra_worker) -> None:  # type: ignore[no-untyped-def]
    open_case(centra_worker, yes=11)
    routed_case(yes=11)
    client.force_login(centra_worker)
    medium = '<strong class="govuk-tag govuk-tag--orange">Medium risk</strong>'
    assert medium in client.get("/cases/").content.decode()
    assert medium in client.get("/cases/inbox/").content.decode()
