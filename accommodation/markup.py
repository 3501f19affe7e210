"""The vacancy board's rows, written in Python as the caseload's are (casework.markup): every free place in
every refuge through a template loop took about half of the page's time."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

from casework.models import RefugePlace
from kidas.safe_html import format_html

ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">'
    '<ul class="govuk-list"><li>{}</li>{}<li>{}</li></ul>'
    "</td>"
    "</tr>"
)
WHEELCHAIR = mark_safe("<li>Wheelchair access</li>")  # noqa: S308 (a constant)
NO_PLACE = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">'
    "No free place suits this household today.</td></tr>"
)


def _children(place: RefugePlace) -> str:
    if place.family_room:
        return "Family room"
    return "One child" if place.children_allowed else "No children"


def vacancy_rows(places: Iterable[RefugePlace]) -> SafeString:
    """The board's rows: the refuge, its provider, the place and whom it suits."""
    written = [
        format_html(
            ROW,
            place.refuge.name,
            place.refuge.provider.name,
            place.label,
            "Men only" if place.refuge.men_only else "Women",
            WHEELCHAIR if place.wheelchair_accessible else "",
            _children(place),
        )
        for place in places
    ]
    return mark_safe("".join(written) if written else NO_PLACE)  # noqa: S308 (each row escaped by format_html)
