"""The figures' tables and charts as markup, written in Python (like the lists' rows, ARCHITECTURE "Reading
long lists"): a dashboard at a million referrals draws some 450 workers' bars and rows, and a template per
cell spent most of the page's time looking up and formatting them. Used by the return, the dashboard and
the MARAC dataset through the tags of reports/templatetags/report_markup.py.

A chart is drawn from reports.charts.Chart or from the same as a stored dict (kidas.stored_figures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from kidas.safe_html import escaped, format_html


def _number(value: Any) -> str:
    """A number as the template wrote it (Django writes a float or int as str() does); anything else escaped."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else escaped(value)


def _shortened(text: str, most: int) -> str:
    """Django's truncatechars: a label longer than `most` characters cut to fit with an ellipsis."""
    return text if len(text) <= most else Truncator(text).chars(most)


def figures_table(id: str, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> SafeString:
    """A table of figures: the first column names each row, the others are numbers."""
    heads = "".join(
        format_html(
            '<th scope="col" class="govuk-table__header{}">{}</th>',
            "" if i == 0 else " govuk-table__header--numeric",
            h,
        )
        for i, h in enumerate(header)
    )
    body = [
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{escaped(row[0])}</th>'
        + "".join(f'<td class="govuk-table__cell govuk-table__cell--numeric">{escaped(cell)}</td>' for cell in row[1:])
        + "</tr>"
        if row
        else '<tr class="govuk-table__row"></tr>'
        for row in rows
    ] or [
        format_html(
            '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{}">Nothing in this period.</td></tr>',
            len(header),
        )
    ]
    return format_html(
        '<table class="govuk-table" id="{}"><caption class="govuk-table__caption govuk-table__caption--m">{}</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr></thead>'
        '<tbody class="govuk-table__body">{}</tbody></table>',
        id,
        caption,
        mark_safe(heads),  # noqa: S308 (written by format_html above)
        mark_safe("".join(body)),  # noqa: S308 (every cell escaped above)
    )


def definitions(id: str, terms: Sequence[Sequence[str]]) -> SafeString:
    """What a table's figures mean, folded away under the table; nothing when it has no definitions."""
    if not terms:
        return mark_safe("")
    rows = "".join(
        format_html(
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
            '<dd class="govuk-summary-list__value">{}</dd></div>',
            label,
            text,
        )
        for label, text in terms
    )
    return format_html(
        '<details class="govuk-details" id="{}-definitions"><summary class="govuk-details__summary">'
        '<span class="govuk-details__summary-text">What these figures mean</span></summary>'
        '<div class="govuk-details__text"><dl class="govuk-summary-list govuk-summary-list--no-border">{}</dl></div>'
        "</details>",
        id,
        mark_safe(rows),  # noqa: S308 (written by format_html above)
    )


def chart(id: str, drawn: Any) -> SafeString:
    """A server-rendered SVG chart (reports.charts: the geometry), with its key when it has several series.
    The same figures are in the table that follows it, for screen readers and for anyone."""
    c: Mapping[str, Any] = asdict(drawn) if is_dataclass(drawn) and not isinstance(drawn, type) else drawn
    if c["empty"]:
        return mark_safe(
            '<figure class="govuk-!-margin-0 govuk-!-margin-bottom-4">'
            '<p class="govuk-body">No figures to chart in this period.</p></figure>'
        )
    width, height = c["width"], c["height"]
    parts: list[str] = [
        format_html(
            '<svg class="kidas-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title">'
            '<title id="{}-title">{}. The figures are in the table below the chart.</title>',
            width,
            height,
            id,
            id,
            c["title"],
        )
    ]
    if c["kind"] == "columns":
        parts += [
            format_html(
                '<line class="kidas-chart__grid" x1="48" x2="{}" y1="{}" y2="{}"/>'
                '<text class="kidas-chart__label kidas-chart__label--end" x="42" y="{}" dy="4">{}</text>',
                width,
                t["position"],
                t["position"],
                t["position"],
                t["label"],
            )
            for t in c["value_ticks"]
        ]
        parts += [
            format_html(
                '<text class="kidas-chart__label kidas-chart__label--middle" x="{}" y="{}" dy="-22">{}</text>',
                t["position"],
                height,
                t["label"],
            )
            for t in c["category_ticks"]
        ]
    else:
        parts += [
            format_html(
                '<line class="kidas-chart__grid" x1="{}" x2="{}" y1="12" y2="{}"/>'
                '<text class="kidas-chart__label kidas-chart__label--middle" x="{}" y="{}" dy="-20">{}</text>',
                t["position"],
                t["position"],
                height - 36,
                t["position"],
                height,
                t["label"],
            )
            for t in c["value_ticks"]
        ]
        parts += [
            format_html(
                '<text class="kidas-chart__label kidas-chart__label--end" x="252" y="{}" dy="4">{}</text>',
                t["position"],
                _shortened(t["label"], 42),
            )
            for t in c["category_ticks"]
        ]
    # The bars are most of a chart (a worker's each): their numbers are written as numbers, only the title escaped.
    parts += [
        f'<rect class="kidas-chart__s{_number(b["series"])}" x="{_number(b["x"])}" y="{_number(b["y"])}" '
        f'width="{_number(b["width"])}" height="{_number(b["height"])}"><title>{escaped(b["title"])}</title></rect>'
        for b in c["bars"]
    ]
    parts.append("</svg>")
    if len(c["series"]) > 1:
        swatches = "".join(
            format_html(
                '<li><span class="kidas-chart-key__swatch kidas-chart__s{}"></span>{}</li>',
                n,
                name,
            )
            for n, name in enumerate(c["series"])
        )
        parts.append(f'<ul class="kidas-chart-key govuk-body-s" aria-hidden="true">{swatches}</ul>')
    return mark_safe(  # noqa: S308 (every part written by format_html above)
        '<figure class="govuk-!-margin-0 govuk-!-margin-bottom-4">' + "".join(parts) + "</figure>"
    )
