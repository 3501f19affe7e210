"""A commissioner opens the Dover MARAC dataset for a quarter from the menu, downloads it as CSV and as
an Excel workbook, reads the figures rounded to base 5, then reads the capacity gauges; every page
passes axe. The quarter (2025/26 Q1) is in the past, dated in the data."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from capacity.models import DistrictPopulation
from tests.capacity.conftest import dover_quarter_data
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_commissioner_downloads_the_dover_marac_dataset_and_reads_the_gauges(
    live_server: Any, page: Any, ref: None, commissioner: Any
) -> None:
    dover_quarter_data()
    DistrictPopulation.objects.update(is_demo=True, source="Demo figure")

    sign_in(page, live_server.url, commissioner)
    page.get_by_role("link", name="MARAC dataset").click()
    page.get_by_label("MARAC").select_option(label="Dover MARAC")
    page.get_by_label("Period").select_option("2025-26-q1")
    page.get_by_role("button", name="Show figures").click()
    page.get_by_role("heading", name="MARAC dataset: Dover MARAC, 2025/26 Q1").wait_for()
    assert "Protecting small numbers: rounding to base 5." in page.locator("#suppression-method").inner_text()
    assert "Demo data" in page.locator("#demo-data").inner_text()
    cases_heard = page.locator("#marac-dataset tr", has_text="Cases heard")
    assert cases_heard.locator("td").first.inner_text() == "10"
    assert serious_accessibility_violations(page) == []

    with page.expect_download() as csv_info:
        page.get_by_role("link", name="Download “MARAC dataset” as CSV").click()
    assert csv_info.value.suggested_filename == "marac-dataset-dover-marac-2025-26-q1-marac-dataset.csv"
    rows = list(csv.reader(io.StringIO(Path(csv_info.value.path()).read_text())))
    assert ["Cases heard", "10", "0"] in rows
    assert ["Repeat cases", "<5", "0"] in rows
    assert ["Perpetrator aged 17 or under", "<5", "0"] in rows
    # No case had equality monitoring: not recorded, never 0 (male is read from the referral's gender too).
    assert ["Victim from a Black or minority ethnic group", "not recorded", "0"] in rows
    assert next(row for row in rows if row[0] == "Male victim")[2] == "0"
    assert ["Women aged 16 and over", "48,000 (demo)", "not recorded"] in rows

    with page.expect_download() as workbook_info:
        page.get_by_role("link", name="Download the MARAC dataset as an Excel workbook").click()
    assert workbook_info.value.suggested_filename == "marac-dataset-dover-marac-2025-26-q1.xlsx"
    book = load_workbook(io.BytesIO(Path(workbook_info.value.path()).read_bytes()))
    assert book.sheetnames == ["MARAC dataset", "Cases heard by referring agency"]

    page.get_by_role("link", name="Capacity gauges for Dover MARAC").click()
    page.get_by_role("heading", name="Capacity gauges: Dover MARAC, 2025/26 Q1").wait_for()
    per_idva = page.locator("#gauge-referrals-per-idva")
    assert "5.0" in per_idva.locator("[data-figure=value]").inner_text()  # 12 referrals shown as 10, over 2 FTE
    assert per_idva.locator("[data-figure=benchmark]").inner_text() == "24.9 in 91 days (about 100 a year)"
    per_women = page.locator("#gauge-cases-per-10k-women")
    assert "48,000 (demo)" in per_women.inner_text()
    assert "40 a year" in per_women.locator("[data-figure=benchmark]").inner_text()
    assert page.locator("#gauge-outreach-demand [data-figure=value]").inner_text() == "<5"
    assert serious_accessibility_violations(page) == []
