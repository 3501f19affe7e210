"""The figures' tables and charts written in Python (reports.markup): escaped, and complete when empty."""

from __future__ import annotations

from dataclasses import asdict

from reports import charts
from reports.markup import chart, definitions, figures_table


def test_a_table_escapes_every_cell_and_says_when_it_is_empty() -> None:
    html = figures_table("t", "Workers <b>", ["Worker", "Open cases"], [["<script>Ann</script>", "1,200"]])
    assert "<script>" not in html and "&lt;script&gt;Ann&lt;/script&gt;" in html
    assert "Workers &lt;b&gt;</caption>" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1,200</td>' in html
    empty = figures_table("t", "Workers", ["Worker", "Open cases"], [])
    assert '<td class="govuk-table__cell" colspan="2">Nothing in this period.</td>' in empty


def test_definitions_are_folded_under_the_table_and_absent_when_there_are_none() -> None:
    assert definitions("t", []) == ""
    html = definitions("t", [("New entrants", "People <new> to the service")])
    assert 'id="t-definitions"' in html and "People &lt;new&gt; to the service" in html


def test_a_chart_draws_its_bars_labels_and_key_escaped() -> None:
    long_name = "A worker with a very long name indeed, longer than the label"
    drawn = charts.grouped_rows("Open <cases>", [long_name], [("This year", [12]), ("Last year", [3])])
    html = chart("c", drawn)
    assert html.count("<rect ") == 2
    assert "Open &lt;cases&gt;. The figures are in the table below the chart." in html
    assert f">{long_name[:41]}…</text>" in html
    assert '<ul class="kidas-chart-key govuk-body-s" aria-hidden="true">' in html
    assert chart("c", asdict(drawn)) == html  # a stored chart draws the same


def test_an_empty_chart_says_so() -> None:
    drawn = charts.stacked_columns("Referrals", ["Apr 2025"], [("High", [0])])
    assert "No figures to chart in this period." in chart("c", drawn)
    assert "<svg" not in chart("c", drawn)
    single = charts.stacked_columns("Referrals", ["Apr 2025"], [("High", [4])])
    assert "kidas-chart-key" not in chart("c", single)  # one series: no key
