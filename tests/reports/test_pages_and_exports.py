"""The return page, the dashboard and the exports: the same figures, suppressed the same way."""

from __future__ import annotations

import csv
import io
from datetime import date
from html import escape

import pytest
from openpyxl import load_workbook

from tests.reports.conftest import at

PERIOD = {"period": "2025-26-q1"}


@pytest.fixture
def three_centra_police_referrals(make_referral, closure):
    for day in (2, 3, 4):
        referral = make_referral(at(date(2025, 4, day)), provider="centra", source="police", risk_level="medium")
    for day in range(1, 8):
        make_referral(at(date(2025, 5, day)), district="thanet", provider="oasis", source="self", risk_level="high")
    closure(referral, at(date(2025, 5, 1)), cessation_of_abuse="yes")


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_commissioners_see_small_counts_as_less_than_five(client, commissioner, three_centra_police_referrals) -> None:
    client.force_login(commissioner)
    page = client.get("/reports/return/", PERIOD).content.decode()
    assert "Protecting small numbers: rounding to base 5." in page
    rows = _csv_rows(client.get("/reports/return/by-source.csv", PERIOD))
    assert ["Police", "<5", "0"] in rows
    assert ["Self-referral", "5", "0"] in rows  # 7, rounded to the nearest 5
    assert ["Total", "10", "0"] in rows  # from the rounded rows: 3 counts as 5
    summary = _csv_rows(client.get("/reports/return/summary.csv", PERIOD))
    assert ["Referrals received", "10", "0"] in summary


def test_provider_managers_see_their_own_exact_figures(client, centra_manager, three_centra_police_referrals) -> None:
    client.force_login(centra_manager)
    rows = _csv_rows(client.get("/reports/return/by-source.csv", PERIOD))
    assert ["Police", "3", "0"] in rows
    assert ["Self-referral", "0", "0"] in rows  # Oasis's referrals are not Centra's
    assert ["Cessation of abuse", "100.0%", "1", "–", "0"] in _csv_rows(
        client.get("/reports/return/outcomes.csv", PERIOD)
    )


def test_the_workbook_has_one_sheet_per_table_suppressed_like_the_page(
    client, commissioner, three_centra_police_referrals
) -> None:
    client.force_login(commissioner)
    response = client.get("/reports/return.xlsx", PERIOD)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Summary",
        "Referrals by source",
        "Referrals by risk level",
        "Referrals by district",
        "Service levels met",
        "Outcomes at closure percentage",
        "Funding and cost",
        "Safe accommodation in refuge",
        "Refuge requests by outcome",
        "Sanctuary scheme SAFER",
        "Safe accommodation by kind",
        "Children's service SASS",  # a sheet's name drops the brackets
        "Equality monitoring",
        "Pathways and engagement",
        "Recognised decrease in risk",
        "Waiting list, time waited",
    ]
    values = [[c.value for c in row] for row in book["Referrals by source"].iter_rows()]
    assert ["Police", "<5", 0] in values  # suppressed stays text; counts are numbers
    assert ["Self-referral", 5, 0] in values


def test_the_dashboard_draws_charts_with_their_tables_and_no_inline_script_or_style(
    client, commissioner, three_centra_police_referrals
) -> None:
    client.force_login(commissioner)
    page = client.get("/reports/", {"period": "2025-26"}).content.decode()
    # Risk and source are drawn; the one outcome asked is suppressed and nobody has an open case: those say so.
    assert page.count("<svg") == 2 and page.count("No figures to chart in this period.") == 2
    for table in ("table-risk", "table-source", "table-outcomes", "table-workers"):
        assert f'id="{table}"' in page
    assert "style=" not in page and "<script>" not in page and " on" + "click=" not in page
    assert "Apr 2025" in page


def test_a_period_it_does_not_know_is_a_clear_400(client, commissioner) -> None:
    client.force_login(commissioner)
    response = client.get("/reports/return/", {"period": "1999-00"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_an_unknown_table_is_not_found(client, commissioner) -> None:
    client.force_login(commissioner)
    assert client.get("/reports/return/nothing.csv").status_code == 404


def test_caseload_per_worker_names_workers_only_inside_the_provider(
    client, open_case, centra_worker, centra_manager, commissioner
) -> None:
    for _ in range(5):
        open_case(centra_worker)
    client.force_login(centra_manager)
    page = client.get("/reports/").content.decode()
    assert escape(f"{centra_worker.first_name} {centra_worker.last_name} (Centra Care and Support)") in page
    client.force_login(commissioner)
    page = client.get("/reports/").content.decode()
    assert "Centra Care and Support: worker 1" in page and escape(centra_worker.get_full_name()) not in page


def test_the_api_gives_the_same_suppressed_tables_as_the_csv(
    api, commissioner, centra_worker, three_centra_police_referrals
) -> None:
    body = api(commissioner).get("/api/v1/reports/return/", PERIOD).json()
    assert body["period"] == "2025/26 Q1" and body["suppressed"] is True
    by_source = next(t for t in body["tables"] if t["slug"] == "by-source")
    assert ["Police", "<5", "0"] in by_source["rows"]
    assert api(centra_worker).get("/api/v1/reports/return/").status_code == 403
    assert api(commissioner).get("/api/v1/reports/return/", {"period": "someday"}).status_code == 400


def test_the_api_refuses_an_empty_parameter_by_name(api, commissioner) -> None:
    response = api(commissioner).get("/api/v1/reports/return/", {"provider": ""})
    assert response.status_code == 400
    assert response.json() == {"provider": ["Enter a value, or leave the parameter out."]}


def test_each_figure_has_its_definition_beside_it_everywhere(
    client, api, commissioner, three_centra_police_referrals
) -> None:
    client.force_login(commissioner)
    page = client.get("/reports/return/", PERIOD).content.decode()
    assert 'id="summary-definitions"' in page and "not counting duplicates of another referral" in page
    rows = _csv_rows(client.get("/reports/return/summary.csv", PERIOD))
    assert ["Definitions"] in rows
    assert any(row[:1] == ["New entrants"] and "first support episode" in row[1] for row in rows)
    body = api(commissioner).get("/api/v1/reports/return/", PERIOD).json()
    assert ["Cases closed", "Cases closed in the period."] in body["tables"][0]["definitions"]


def test_funding_with_no_contract_is_not_recorded_rather_than_nothing(
    client, commissioner, three_centra_police_referrals
) -> None:
    client.force_login(commissioner)
    rows = _csv_rows(client.get("/reports/return/funding.csv", PERIOD))
    assert ["Funding for the period", "not recorded", "not recorded"] in rows
    assert ["Cost per new entrant", "not recorded", "not recorded"] in rows
