"""The MARAC dataset of a MARAC and quarter: the page, its CSV and Excel downloads and the API say the
same, exact for administrators and coordinators of the MARAC, rounded to base 5 for commissioners."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from tests.capacity.conftest import DOVER_Q1


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_it_reports_the_dataset_exactly_to_an_administrator(client, administrator, dover_quarter) -> None:
    client.force_login(administrator)
    rows = _csv(client.get("/capacity/marac-dataset/marac-dataset.csv", DOVER_Q1))
    assert rows[0] == ["KIDAS MARAC dataset: Dover MARAC, 2025/26 Q1"]
    assert ["Measure", "2025/26 Q1", "2024/25 Q1 (same period last year)"] in rows
    assert ["Cases heard", "12", "0"] in rows
    assert ["Women aged 16 and over", "48000", "not recorded"] in rows  # no estimate for 2024 or before
    assert ["Recommended number of cases", "48", "not recorded"] in rows  # 40 × 91/365 × 4.8
    assert ["Children in the households", "1", "0"] in rows
    assert ["Repeat cases", "3", "0"] in rows
    assert ["Repeat cases (%)", "25.0%", "–"] in rows
    # No case heard had equality monitoring: not recorded (last year had no case: 0); male from the referrals.
    assert ["Victim from a Black or minority ethnic group", "not recorded", "0"] in rows
    assert ["Victim with a disability", "not recorded", "0"] in rows
    assert ["LGBT victim", "not recorded", "0"] in rows
    male = next(row for row in rows if row[0] == "Male victim")
    assert male[1].isdigit() and male[2] == "0"
    assert ["Victim aged 16–17", "1", "0"] in rows
    assert ["Perpetrator aged 17 or under", "1", "0"] in rows
    assert ["Perpetrator's age not recorded", "1", "0"] in rows
    agencies = _csv(client.get("/capacity/marac-dataset/by-agency.csv", DOVER_Q1))
    assert ["Police", "7", "0"] in agencies and ["Health (hospital IDVA, GP, A&E)", "5", "0"] in agencies
    assert ["Total", "12", "0"] in agencies
    assert ["Definitions"] in agencies


def test_commissioners_see_it_rounded_to_base_5_with_the_method_named(client, commissioner, dover_quarter) -> None:
    client.force_login(commissioner)
    rows = _csv(client.get("/capacity/marac-dataset/marac-dataset.csv", DOVER_Q1))
    assert rows[1][0].startswith("Figures as at ")  # when they were counted (kidas.stored_figures)
    assert rows[2][0].startswith("Protecting small numbers: rounding to base 5.")
    assert ["Cases heard", "10", "0"] in rows
    assert ["Repeat cases", "<5", "0"] in rows
    assert ["Repeat cases (%)", "<5", "–"] in rows
    assert ["Victim aged 16–17", "<5", "0"] in rows
    agencies = _csv(client.get("/capacity/marac-dataset/by-agency.csv", DOVER_Q1))
    assert ["Police", "5", "0"] in agencies and ["Health (hospital IDVA, GP, A&E)", "5", "0"] in agencies
    assert ["Total", "10", "0"] in agencies  # from the rounded rows


def test_every_count_a_commissioner_sees_is_a_multiple_of_5_or_hidden(client, commissioner, dover_quarter) -> None:
    """So no count of 1 to 4 comes back by subtracting one from another (here or from another MARAC's)."""
    client.force_login(commissioner)
    body = client.get("/api/v1/capacity/marac-dataset/", DOVER_Q1).json()
    for table in body["tables"]:
        for row in table["rows"]:
            if row[0] in ("Women aged 16 and over", "Recommended number of cases"):
                continue  # population figures, not counts of people known to the service
            for cell in row[1:]:
                assert cell in ("<5", "–", "not recorded") or cell.endswith("%") or int(cell) % 5 == 0, (row, cell)


def test_the_page_the_workbook_and_the_api_agree(client, commissioner, dover_quarter) -> None:
    client.force_login(commissioner)
    page = client.get("/capacity/marac-dataset/", DOVER_Q1)
    assert page.status_code == 200
    text = page.content.decode()
    assert "MARAC dataset: Dover MARAC, 2025/26 Q1" in text
    assert "What these figures mean" in text
    book = load_workbook(io.BytesIO(client.get("/capacity/marac-dataset.xlsx", DOVER_Q1).content))
    assert book.sheetnames == ["MARAC dataset", "Cases heard by referring agency"]
    sheet_rows = [list(row) for row in book["MARAC dataset"].iter_rows(values_only=True)]
    assert ["Cases heard", 10, 0] in [list(r[:3]) for r in sheet_rows]
    api = client.get("/api/v1/capacity/marac-dataset/", DOVER_Q1).json()
    assert api["marac"] == "Dover MARAC" and api["suppressed"] is True
    assert api["suppression_method"] == "rounding to base 5"
    assert ["Cases heard", "10", "0"] in api["tables"][0]["rows"]


def test_a_coordinator_sees_their_own_marac_exactly_and_no_other(client, swale_coordinator, dover_quarter) -> None:
    client.force_login(swale_coordinator)
    assert client.get("/capacity/marac-dataset/", DOVER_Q1).status_code == 404
    assert client.get("/capacity/marac-dataset/", {"period": "2025-26-q1"}).status_code == 200  # Swale, theirs
    assert client.get("/api/v1/capacity/marac-dataset/", DOVER_Q1).status_code == 404


def test_a_dover_coordinator_sees_exact_figures(client, dover_quarter) -> None:
    from accounts.models import Role
    from marac.models import Marac, MaracMembership
    from tests.factories import user_in

    coordinator = user_in("kent-marac-coordination", Role.MARAC_COORDINATOR, username="dora.dover")
    MaracMembership.objects.create(user=coordinator, marac=Marac.objects.get(slug="dover-marac"))
    client.force_login(coordinator)
    assert ["Repeat cases", "3", "0"] in _csv(client.get("/capacity/marac-dataset/marac-dataset.csv", DOVER_Q1))


def test_provider_managers_and_workers_may_not_open_it(
    client, api, centra_manager, centra_worker, dover_quarter
) -> None:
    for user in (centra_manager, centra_worker):
        client.force_login(user)
        assert client.get("/capacity/marac-dataset/", DOVER_Q1).status_code == 403
        assert api(user).get("/api/v1/capacity/marac-dataset/", DOVER_Q1).status_code == 403


def test_an_imported_quarter_says_its_cases_were_not_recorded(client, administrator, ref, summer_2025) -> None:
    """Imports carry no MARAC hearing: 0 cases heard beside high-risk referrals would be a false figure."""
    from datetime import date

    from reports.models import ImportedReferral, ReferralImport
    from tests.capacity.conftest import dover_referral

    run = ReferralImport.objects.create(file_name="old.csv", content="", uploaded_by=administrator, status="done")
    for n in range(6):
        referral = dover_referral(date(2025, 5, 1), risk_level="high")
        ImportedReferral.objects.create(source_reference=f"OLD-{n}", referral=referral, referral_import=run, line=n + 2)
    client.force_login(administrator)
    rows = _csv(client.get("/capacity/marac-dataset/marac-dataset.csv", DOVER_Q1))
    assert ["Cases heard", "not recorded", "0"] in rows
    assert ["Repeat cases", "not recorded", "0"] in rows
    page = client.get("/capacity/marac-dataset/", DOVER_Q1).content.decode()
    assert "This period is imported data" in page
