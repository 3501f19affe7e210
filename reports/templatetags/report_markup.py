from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString

from reports import markup

register = template.Library()


@register.simple_tag
def figures_table(id: str, table: Any, caption: str | None = None) -> SafeString:
    """{% figures_table "id" table caption="..." %}: a reports.tables.Table (or the same as a dict), with what its
    figures mean folded away under it (reports.markup); captioned with its title unless `caption` says."""

    def get(name: str) -> Any:
        return table[name] if isinstance(table, dict) else getattr(table, name)

    return markup.figures_table(id, caption or get("title"), get("header"), get("rows")) + markup.definitions(
        id, get("definitions") or []
    )


@register.simple_tag
def figures_rows(id: str, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> SafeString:
    """{% figures_rows "id" "caption" header rows %}: a table of figures with no definitions (reports.markup)."""
    return markup.figures_table(id, caption, header, rows)


@register.simple_tag
def figures_chart(id: str, chart: Any) -> SafeString:
    """{% figures_chart "id" chart %}: reports.markup.chart."""
    return markup.chart(id, chart)
