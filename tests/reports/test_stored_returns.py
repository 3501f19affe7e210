"""A return is counted once and read many times (reports.stored_returns): every reader shows when its
figures were counted, a change shows within REPORT_FIGURES_FRESH_FOR, and two people share stored figures
only when they asked for the same scope, period and suppression."""

from __future__ import annotations

import csv
import io
import threading
import time
from dataclasses import fields, replace
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from openpyxl import load_workbook

from kidas import stored_figures
from kidas.models import StoredFigures
from kidas.stored_figures import FORMAT, stored_figures_refresh, stored_key
from providers.models import Area, District, Organisation
from reports.access import ReportScope
from reports.imports import referral_import_run
from reports.models import ReferralImport
from reports.periods import Period, period_from_key
from reports.stored_figures import params_of
from reports.stored_returns import KIND, whole_return
from tests.reports.conftest import at
from tests.reports.test_import import GOOD, csv_of

PERIOD = {"period": "2025-26-q1"}
Q1 = period_from_key("2025-26-q1")
COUNTED = at(date(2025, 7, 1), 9)


def key_of(scope: ReportScope, period: Period) -> str:
    return stored_key(KIND, params_of(scope, period))


def _received(client) -> str:
    rows = list(csv.reader(io.StringIO(client.get("/reports/return/summary.csv", PERIOD).content.decode())))
    return next(row[1] for row in rows if row and row[0] == "Referrals received")


@pytest.fixture
def clock():
    with time_machine.travel(COUNTED, tick=False) as traveller:
        yield traveller


def test_a_change_shows_once_the_figures_are_counted_again(client, centra_manager, make_referral, clock) -> None:
    make_referral(at(date(2025, 4, 2)), provider="centra")
    client.force_login(centra_manager)
    assert _received(client) == "1"
    page = client.get("/reports/return/", PERIOD).content.decode()
    assert "Figures as at 1 Jul 2025 09:00: a change shows here within 5 minutes." in page

    make_referral(at(date(2025, 4, 3)), provider="centra")
    clock.shift(timedelta(minutes=4))
    assert _received(client) == "1"  # read as counted at 09:00
    assert client.get("/api/v1/reports/return/", PERIOD).json()["figures_as_at"].startswith("2025-07-01T09:00:00")

    clock.shift(timedelta(minutes=2))
    assert _received(client) == "2"
    assert client.get("/api/v1/reports/return/", PERIOD).json()["figures_as_at"].startswith("2025-07-01T09:06:00")


def test_the_page_downloads_api_and_dashboard_read_one_count(client, commissioner, make_referral, clock) -> None:
    make_referral(at(date(2025, 4, 2)), provider="centra")
    client.force_login(commissioner)
    client.get("/reports/", PERIOD)
    client.get("/reports/return/", PERIOD)
    client.get("/reports/return.xlsx", PERIOD)
    client.get("/api/v1/reports/return/", PERIOD)
    assert StoredFigures.objects.count() == 1
    heading = client.get("/reports/return/summary.csv", PERIOD).content.decode().splitlines()[:2]
    assert heading[1] == "Figures as at 1 Jul 2025 09:00"


def test_figures_are_shared_only_by_the_same_scope_and_suppression(
    client, commissioner, centra_manager, make_referral, clock
) -> None:
    for day in (2, 3, 4):
        make_referral(at(date(2025, 4, day)), provider="centra")
    client.force_login(centra_manager)
    assert _received(client) == "3"  # exact, for the provider's own manager
    client.force_login(commissioner)
    assert _received(client) == "<5"  # the county, suppressed: not the manager's stored figures
    assert client.get("/reports/return/summary.csv", {**PERIOD, "provider": "centra"}).status_code == 200
    assert StoredFigures.objects.count() == 3


def test_every_field_of_the_scope_is_in_the_key(ref) -> None:
    areas, districts = list(Area.objects.all()[:2]), list(District.objects.all()[:2])
    providers = list(Organisation.objects.filter(provides_support=True)[:2])
    scope = ReportScope(area=areas[0], district=districts[0], provider=providers[0], suppressed=True)
    others: dict[str, list[Any]] = {
        "area": [areas[1], None],
        "district": [districts[1], None],
        "provider": [providers[1], None],
        "suppressed": [False],
    }
    assert set(others) == {f.name for f in fields(ReportScope)}, "a new field of the scope needs a case here"
    for name, values in others.items():
        for other in values:
            assert key_of(replace(scope, **{name: other}), Q1) != key_of(scope, Q1), (name, other)
    assert key_of(scope, Q1) != key_of(scope, period_from_key("2025-26"))
    assert ReportScope.from_ids(params_of(scope, Q1)["scope"]) == scope


def test_the_beat_task_counts_again_what_people_are_reading(make_referral, ref, clock) -> None:
    centra = ReportScope(provider=Organisation.objects.get(slug="centra"), suppressed=False)
    county = ReportScope()
    make_referral(at(date(2025, 4, 2)), provider="centra")
    whole_return(centra, Q1)
    whole_return(county, Q1)
    make_referral(at(date(2025, 4, 3)), provider="centra")

    clock.shift(timedelta(minutes=2))
    assert stored_figures_refresh() == 0  # both younger than half their freshness
    clock.shift(timedelta(minutes=1))
    StoredFigures.objects.filter(key=key_of(county, Q1)).update(asked_at=COUNTED - timedelta(hours=2))
    assert stored_figures_refresh(seconds=-1) == 0  # a run out of time starts no count
    assert stored_figures_refresh() == 1  # the county's was last asked for two hours ago: left to go stale
    refreshed = whole_return(centra, Q1)
    assert refreshed.counted_at == COUNTED + timedelta(minutes=3)
    assert refreshed.tables[0].rows[0][1] == "2"

    clock.shift(timedelta(days=8))
    StoredFigures.objects.create(
        key="0|old format",
        kind=KIND,
        params={},
        figures={},
        counted_at=COUNTED + timedelta(days=8),
        asked_at=COUNTED + timedelta(days=8),
    )
    stored_figures_refresh()
    assert not StoredFigures.objects.exists()  # nobody asked for a week; an older format is never read


def test_a_row_whose_scope_no_longer_matches_its_key_is_forgotten_not_recounted(ref, clock) -> None:
    county = ReportScope()
    whole_return(county, Q1)
    StoredFigures.objects.update(
        params={"scope": {**params_of(county, Q1)["scope"], "suppressed": False}, "period": Q1.key}
    )
    clock.shift(timedelta(minutes=3))
    assert stored_figures_refresh() == 0
    assert not StoredFigures.objects.exists()
    assert key_of(county, Q1).startswith(f"{FORMAT}|{KIND}|")


def test_an_import_of_historic_referrals_forgets_the_stored_figures(administrator, ref, clock) -> None:
    whole_return(ReportScope(), Q1)
    content = csv_of(
        {**GOOD, "received_on": "2025-04-10", "support_started_on": "2025-04-12", "closed_on": "2025-05-30"}
    )
    started = ReferralImport.objects.create(uploaded_by=administrator, file_name="history.csv", content=content)
    referral_import_run(import_id=started.pk)
    done = ReferralImport.objects.get(pk=started.pk)
    assert done.imported_rows == 1, done.errors
    assert not StoredFigures.objects.exists()
    assert whole_return(ReportScope(), Q1).tables[0].rows[0][1] == "<5"  # 1, suppressed for the county


@pytest.mark.django_db(transaction=True)
def test_people_asking_for_the_same_figures_at_once_wait_for_one_count(ref, monkeypatch) -> None:
    counts: list[int] = []
    count_and_store = stored_figures._count_and_store

    def slow_count(*args: Any) -> Any:
        counts.append(1)
        time.sleep(0.3)  # long enough that the other request asks while this one counts
        return count_and_store(*args)

    monkeypatch.setattr(stored_figures, "_count_and_store", slow_count)
    everyone_ready = threading.Barrier(3)
    seen: list[Any] = []

    def ask() -> None:
        try:
            everyone_ready.wait()
            with transaction.atomic():  # as a request is
                seen.append(whole_return(ReportScope(), Q1).counted_at)
        finally:
            connection.close()

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join(timeout=30)
    assert len(seen) == 3 and len(set(seen)) == 1
    assert counts == [1]


def test_the_workbook_is_written_once_a_count(client, commissioner, make_referral, clock) -> None:
    make_referral(at(date(2025, 4, 2)), provider="centra")
    client.force_login(commissioner)
    first = client.get("/reports/return.xlsx", PERIOD).content
    assert StoredFigures.objects.get().workbook is not None
    assert client.get("/reports/return.xlsx", PERIOD).content == first
    clock.shift(timedelta(minutes=6))
    again = load_workbook(io.BytesIO(client.get("/reports/return.xlsx", PERIOD).content))
    assert again.worksheets[0]["A2"].value == "Figures as at 1 Jul 2025 09:06"  # counted again, written again
