"""The cells a MARAC case shows on the high-risk list, a meeting's agenda and its printout (the header is
templates/marac/_case_head.html), written in Python: the lists show up to a hundred cases, and the templates
included for each row cost more than the rest of the page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from kidas.formats import short_date
from kidas.safe_html import format_html
from kidas.url_makers import url_for_id
from referrals.household import Household
from referrals.markup import REPEAT_TAG, household_cells
from referrals.states import State

CASE_CELLS = (
    '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a>'
    '<br><span class="govuk-body-s">born {}</span>{}{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    "{}"
)
# What has happened to the referral since it was listed: its case ended (closed, withdrawn or marked as a
# duplicate), or it was reassessed.
ENDED = '<br><strong class="govuk-tag govuk-tag--grey govuk-!-margin-top-1">{} {}</strong>'
REASSESSED = '<br><strong class="govuk-tag govuk-tag--yellow govuk-!-margin-top-1">Reassessed {}: {} risk</strong>'
REPEAT_OF = '<br><span class="govuk-body-s">of {}, referred {}</span>'
# Wider than marac.rules.LEFT_MARAC_STATES (which take a case off the high-risk list): a closed case stays on
# the list, tagged.
ENDED_STATES = (State.CLOSED, State.WITHDRAWN, State.DUPLICATE)


def _ended(referral: Any) -> str:
    if referral.state not in ENDED_STATES:
        return ""
    what = "Marked as a duplicate" if referral.state == State.DUPLICATE else referral.get_state_display()
    return format_html(ENDED, what, short_date(referral.state_changed_at))


def _reassessed(since: Any) -> str:
    if not since.reassessed_level:
        return ""
    return format_html(REASSESSED, short_date(since.reassessed_at), since.reassessed_level)


def _repeat(case: Any) -> str:
    if not case.is_repeat:
        return "–"
    earlier = case.repeat_of
    of = format_html(REPEAT_OF, earlier.marac.name, short_date(earlier.created_at)) if earlier else ""
    return format_html("{}{}", mark_safe(REPEAT_TAG), of)  # noqa: S308 (a constant)


def case_cells(case: Any, since: Any, household: Household | None, case_url: Callable[[int], str] | None = None) -> str:
    """A MARAC case's cells; `since` carries its reassessment since listing (the high-risk list's row, or the
    agenda item), `household` its people (referrals.household); `case_url` the address of a case's page, for a
    list that writes many (kidas.url_makers)."""
    referral = case.referral
    return format_html(
        CASE_CELLS,
        case_url(case.pk) if case_url else reverse("marac:case", args=[case.pk]),
        referral.full_name,
        short_date(referral.date_of_birth),
        _ended(referral),
        _reassessed(since),
        referral.district or "Not known",
        case.get_reason_display(),
        case.yes_count,
        case.days,
        _repeat(case),
        household_cells(household),
    )


LISTED_FOR = '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
NOT_LISTED = '<td class="govuk-table__cell">Not yet{}</td>'
ADD_TO_AGENDA = '<br><a class="govuk-link" href="{}">Add<span class="govuk-visually-hidden"> {}</span> to an agenda</a>'


def high_risk_rows(cases: Iterable[Any], households: Mapping[int, Household], *, is_coordinator: bool) -> SafeString:
    """The high-risk list's rows (marac.selectors.high_risk_list): each case's cells, then the meeting it is
    listed for, or a coordinator's link to add it to an agenda."""
    case_url, meeting_url = url_for_id("marac:case"), url_for_id("marac:meeting")
    add_url = url_for_id("marac:case-add-to-agenda")
    rows = []
    for case in cases:
        if case.listed_meeting_id is not None:
            agenda = format_html(LISTED_FOR, meeting_url(case.listed_meeting_id), short_date(case.listed_for))
        else:
            add = format_html(ADD_TO_AGENDA, add_url(case.pk), case.referral.full_name) if is_coordinator else ""
            agenda = format_html(NOT_LISTED, add)
        cells = case_cells(case, case, households.get(case.referral_id), case_url)
        rows.append(f'<tr class="govuk-table__row">{cells}{agenda}</tr>')
    return mark_safe("".join(rows))  # noqa: S308 (each cell escaped by format_html)
