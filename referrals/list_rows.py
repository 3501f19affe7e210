"""The rows of a list of referrals (the referral list and the triage queue), written in Python: with a
template per row, writing the 50 rows cost more than reading them. The cells are those the list page's
header names; the deadline cell is the one the service levels register (referrals.extensions)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from kidas.formats import short_date_time
from kidas.safe_html import format_html
from kidas.url_makers import url_for_id
from referrals.extensions import registered
from referrals.markup import risk_tags
from referrals.restricted import FreeTextReader
from referrals.states import State

ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell kidas-nowrap">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    "</tr>"
)
WHY_DECLINED = '<br><span class="govuk-body-s">{}</span>'


def _declined(referral: Any) -> bool:
    return bool(referral.state == State.DECLINED and referral.last_decline_reason)


def case_url_maker() -> Callable[[int], str]:
    """The address of a case's page from its id, for a list: reversed once, not once per row."""
    return url_for_id("referrals:detail")


def referral_rows(referrals: Iterable[Any], *, read: FreeTextReader) -> SafeString:
    """The table rows of referrals marked with their deadline; `read` shows a case's free text (the decline
    reason) as the signed-in user may read it, the declined rows' code words looked up together."""
    cell = registered.deadlines.cell
    case_url = case_url_maker()
    referrals = list(referrals)
    read.preload(referral for referral in referrals if _declined(referral))
    rows = []
    for referral in referrals:
        declined = _declined(referral)
        rows.append(
            format_html(
                ROW,
                case_url(referral.pk),
                referral.reference,
                referral.full_name,
                referral.district or "Not known",
                risk_tags(referral.risk_level, referral.is_repeat),
                referral.get_state_display(),
                format_html(WHY_DECLINED, read(referral, referral.last_decline_reason)) if declined else "",
                referral.provider or "–",
                short_date_time(referral.received_at),
                cell(referral),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 (each row escaped by format_html)
