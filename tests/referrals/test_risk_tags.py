"""The risk tags and the deadline cell have one home each (referrals.markup.risk_tags, shown in templates by
{% risk_tags %}; sla.markup.deadline_cell, which the lists' rows write): the same markup on the referral pages,
the inbox and the caseload rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import engines

from sla.markup import deadline_cell

PURPLE_REPEAT = ' <strong class="govuk-tag govuk-tag--purple">Repeat</strong>'


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context).strip()


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
def test_risk_tags(level, repeat, html) -> None:
    assert render("{% load referral_format %}{% risk_tags level repeat %}", level=level, repeat=repeat) == html


NOON_LONDON_SUMMER = datetime(2026, 7, 1, 11, 0, tzinfo=UTC)  # shown in London time, 12:00 BST


@pytest.mark.parametrize(
    ("status", "due_at", "html"),
    [
        (
            "overdue",
            NOON_LONDON_SUMMER,
            '<strong class="govuk-tag govuk-tag--red">Overdue</strong><br>'
            '<span class="govuk-body-s kidas-nowrap">1 Jul 2026 12:00</span>',
        ),
        (
            "due_soon",
            NOON_LONDON_SUMMER,
            '<strong class="govuk-tag govuk-tag--orange">Due soon</strong><br>'
            '<span class="govuk-body-s kidas-nowrap">1 Jul 2026 12:00</span>',
        ),
        ("on_time", NOON_LONDON_SUMMER, '<span class="govuk-body-s kidas-nowrap">1 Jul 2026 12:00</span>'),
        ("", None, "–"),
        ("on_time", None, "–"),
    ],
)
def test_the_deadline_cell(status, due_at, html) -> None:
    assert deadline_cell(status, due_at) == html


@pytest.mark.django_db
def test_the_caseload_and_the_inbox_show_the_same_tags(client, open_case, routed_case, centra_worker) -> None:
    open_case(centra_worker, yes=11)
    routed_case(yes=11)
    client.force_login(centra_worker)
    medium = '<strong class="govuk-tag govuk-tag--orange">Medium risk</strong>'
    assert medium in client.get("/cases/").content.decode()
    assert medium in client.get("/cases/inbox/").content.decode()
