"""Historic referrals from CSV: bad rows reported by line with the reason, good rows kept, nothing
half-imported, and the same file imported twice adds nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from casework.models import OUTCOME_MEASURES, Closure, SupportEpisode
from referrals.models import Referral
from reports.imports import COLUMNS, ImportFileError, read_rows, referral_import_run, template_csv
from reports.models import ImportedReferral, ImportStatus, ReferralImport

GOOD = {
    "source_reference": "OLD-1",
    "received_on": "2024-05-14",
    "first_name": "Jane",
    "last_name": "Example",
    "date_of_birth": "1986-02-03",
    "gender": "woman",
    "postcode": "me10 3ab",
    "district": "Swale",
    "source": "police",
    "risk_level": "medium",
    "support_started_on": "2024-05-16",
    "closed_on": "30/09/2024",
    "closure_reason": "support_completed",
    "cessation_of_abuse": "yes",
    "feeling_safe": "no",
}


def csv_of(*rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _, _ in COLUMNS])
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def run(user: Any, content: str) -> ReferralImport:
    referral_import = ReferralImport.objects.create(uploaded_by=user, file_name="old.csv", content=content)
    referral_import_run(import_id=referral_import.pk)
    referral_import.refresh_from_db()
    return referral_import


@pytest.fixture
def mixed_file() -> str:
    return csv_of(
        GOOD,  # line 2
        {**GOOD, "source_reference": "OLD-2", "district": "Atlantis"},  # line 3
        {**GOOD, "source_reference": "OLD-3", "risk_level": "severe", "date_of_birth": "yesterday"},  # line 4
        {**GOOD, "source_reference": "OLD-4", "closed_on": "2024-05-01"},  # line 5: closed before received
        {
            **GOOD,
            "source_reference": "OLD-5",
            "district": "tunbridge-wells",
            "risk_level": "high",
            "closed_on": "",
            "closure_reason": "",
        },
        {**GOOD, "source_reference": "", "first_name": ""},  # line 7
        {**GOOD, "source_reference": "OLD-7", "district": "Medway"},  # line 8: outside KIDAS, no provider
    )


def test_it_keeps_good_rows_and_reports_bad_ones_by_line(administrator, mixed_file) -> None:
    result = run(administrator, mixed_file)
    assert result.status == ImportStatus.DONE
    assert result.content == ""  # the uploaded file (special category data) is not kept
    assert (result.total_rows, result.processed_rows, result.imported_rows) == (7, 7, 2)
    reasons = {e["line"]: e["reason"] for e in result.errors}
    assert sorted(reasons) == [3, 4, 5, 7, 8]
    assert "district is not a district we know: 'Atlantis'" in reasons[3]
    assert (
        "risk_level must be one of high, medium, standard" in reasons[4] and "date_of_birth is not a date" in reasons[4]
    )
    assert "closed_on is before received_on" in reasons[5]
    assert "source_reference is empty" in reasons[7] and "first_name is empty" in reasons[7]
    assert "no provider" in reasons[8]

    closed = Referral.objects.get(import_record__source_reference="OLD-1")
    assert (closed.state, closed.provider.slug, closed.service.slug, closed.postcode) == (
        "closed",
        "centra",
        "outreach",
        "ME10 3AB",
    )
    assert (
        closed.closure.outcomes["cessation_of_abuse"] == "yes" and closed.closure.outcomes["wellbeing"] == "not_asked"
    )
    assert closed.support_episodes.get().ended_on.isoformat() == "2024-09-30"
    open_case = Referral.objects.get(import_record__source_reference="OLD-5")
    assert (open_case.state, open_case.provider.slug) == ("in_support", "look-ahead")


def test_importing_the_same_file_again_adds_nothing(administrator, mixed_file) -> None:
    run(administrator, mixed_file)
    counts = (Referral.objects.count(), SupportEpisode.objects.count(), Closure.objects.count())
    again = run(administrator, mixed_file)
    assert (again.imported_rows, again.already_imported_rows, len(again.errors)) == (0, 2, 5)
    assert (Referral.objects.count(), SupportEpisode.objects.count(), Closure.objects.count()) == counts


def test_a_row_that_fails_while_saving_leaves_nothing_behind(administrator, monkeypatch) -> None:
    """The closure of the second row cannot be written: its referral and episode go too."""
    original = Closure.objects.create

    def fail_for_second(**kwargs: Any) -> Closure:
        if kwargs["referral"].last_name == "Second":
            raise ValueError("the closure could not be saved")
        return original(**kwargs)

    monkeypatch.setattr(Closure.objects, "create", fail_for_second)
    result = run(administrator, csv_of(GOOD, {**GOOD, "source_reference": "OLD-2", "last_name": "Second"}))
    assert result.imported_rows == 1 and result.errors == [{"line": 3, "reason": "the closure could not be saved"}]
    assert not Referral.objects.filter(last_name="Second").exists()
    assert ImportedReferral.objects.count() == 1


def test_a_file_without_the_needed_columns_is_refused_whole(client, administrator) -> None:
    with pytest.raises(ImportFileError, match="missing these columns: source_reference"):
        read_rows("first_name,last_name\nJane,Example\n")
    client.force_login(administrator)
    upload = io.BytesIO(b"first_name,last_name\nJane,Example\n")
    upload.name = "old.csv"
    response = client.post("/reports/imports/", {"file": upload})
    assert response.status_code == 400
    assert "The file is missing these columns" in response.content.decode()
    assert not ReferralImport.objects.exists()


def test_the_template_lists_every_column_with_an_example_that_imports(administrator) -> None:
    template = template_csv()
    header = template.splitlines()[0].split(",")
    assert header == [name for name, _, _ in COLUMNS]
    assert run(administrator, template).imported_rows == 1


def test_the_page_queues_the_import_and_shows_its_progress(
    client, administrator, django_capture_on_commit_callbacks
) -> None:
    client.force_login(administrator)
    upload = io.BytesIO(csv_of(GOOD).encode())
    upload.name = "old.csv"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/reports/imports/", {"file": upload})
    assert response.status_code == 302 and len(callbacks) == 1
    referral_import = ReferralImport.objects.get()
    progress = client.get(f"/reports/imports/{referral_import.pk}/progress/").content.decode()
    assert "Waiting to start" in progress and 'hx-trigger="every 1s"' in progress
    referral_import_run(import_id=referral_import.pk)
    progress = client.get(f"/reports/imports/{referral_import.pk}/progress/").content.decode()
    assert "Finished" in progress and "hx-trigger" not in progress and 'value="100"' in progress


def test_an_imported_quarter_says_so_and_does_not_show_zero_marac_cases(client, administrator) -> None:
    run(administrator, csv_of(GOOD, {**GOOD, "source_reference": "OLD-9", "risk_level": "high"}))
    client.force_login(administrator)
    query = {"period": "2024-25-q1"}
    page = client.get("/reports/return/", query).content.decode()
    assert "This period is imported data" in page
    rows = list(csv.reader(io.StringIO(client.get("/reports/return/summary.csv", query).content.decode())))
    assert ["Imported from historic records", "2", "0"] in rows
    assert ["MARAC cases", "not recorded", "0"] in rows
    sla = list(csv.reader(io.StringIO(client.get("/reports/return/service-levels.csv", query).content.decode())))
    assert any(row[1:3] == ["not recorded", "not recorded"] for row in sla)


def test_a_reference_repeated_inside_one_file_is_a_problem_on_its_line(administrator) -> None:
    done = run(administrator, csv_of(GOOD, {**GOOD, "source_reference": "OLD-2"}, GOOD))  # lines 2, 3, 4
    assert (done.imported_rows, done.already_imported_rows) == (2, 0)
    assert done.errors == [{"line": 4, "reason": "source_reference OLD-1 repeats line 2"}]
    assert ImportedReferral.objects.count() == 2


def test_a_county_quarter_goes_up_in_one_file_within_the_limit_the_page_states(
    client, administrator, settings, django_capture_on_commit_callbacks
) -> None:
    client.force_login(administrator)
    page = client.get("/reports/imports/").content.decode()
    assert "up to 5 MB" in page
    every_outcome = dict.fromkeys(OUTCOME_MEASURES, "not_asked") | {"cessation_of_abuse": "yes"}
    full = {**GOOD, **every_outcome, "first_name": "Alexandra-Jane", "last_name": "Richardson-Montgomery"}
    rows = [{**full, "source_reference": f"KENT-2024-Q1-{n:05d}", "service": "outreach"} for n in range(1500)]
    content = csv_of(*rows).encode()
    assert len(content) > 300 * 1024 > settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # bigger than any other form may send
    upload = io.BytesIO(content)
    upload.name = "kent-quarter.csv"
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/reports/imports/", {"file": upload})
    assert response.status_code == 302
    settings.IMPORT_MAX_BYTES = 200 * 1024  # a smaller limit: the page and the refusal both say it
    assert "up to 200 KB" in client.get("/reports/imports/").content.decode()
    upload.seek(0)
    refused = client.post("/reports/imports/", {"file": upload})
    assert refused.status_code == 400 and "larger than 200 KB" in refused.content.decode()
