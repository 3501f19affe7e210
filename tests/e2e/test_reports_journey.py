"""An administrator imports historic referrals, watches the progress bar finish, sees the rows with
problems, and downloads the quarterly return. The import runs in a real Celery worker on a queue of
this test's own; every page passes axe."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config.celery import app as celery_app
from tests.e2e.conftest import serious_accessibility_violations
from tests.e2e.signin import sign_in
from tests.reports.test_import import GOOD, csv_of
from tests.sla.conftest import Workers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def import_worker(tmp_path: Path) -> Iterator[Workers]:
    """A real worker, and the import task routed to its queue (the live server runs in this process)."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    pool = Workers(f"reports-e2e-{uuid.uuid4().hex[:12]}", mail_dir)
    old_routes = celery_app.conf.task_routes
    _route({"reports.run_referral_import": {"queue": pool.queue}})
    pool.start()
    yield pool
    _route(old_routes)
    pool.stop_all()


def _route(routes: Any) -> None:
    """Set the task routes, dropping the router Celery built (and cached) from the old ones."""
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


def test_an_administrator_imports_history_and_downloads_the_return(
    live_server: Any, page: Any, ref: None, administrator: Any, import_worker: Workers, tmp_path: Path
) -> None:
    rows = [{**GOOD, "source_reference": f"OLD-{n}", "source": "self" if n % 2 else "police"} for n in range(40)]
    rows.append({**GOOD, "source_reference": "OLD-BAD", "risk_level": "severe"})
    upload = tmp_path / "history.csv"
    upload.write_text(csv_of(*rows))

    sign_in(page, live_server.url, administrator)
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Import historic referrals").click()
    assert serious_accessibility_violations(page) == []
    page.get_by_label("CSV file of historic referrals").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()

    page.get_by_role("heading", name="Import of history.csv").wait_for()
    page.locator("#imported-count").wait_for(timeout=60_000)  # htmx polls until the worker has finished
    assert page.locator("#import-bar").get_attribute("value") == "100"
    assert page.locator("#imported-count").inner_text() == "40"
    assert "risk_level must be one of" in page.locator("#import-errors").inner_text()
    assert "42" in page.locator("#import-errors").inner_text()  # the bad row is on line 42
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="See the quarterly return").click()
    page.get_by_label("Period").select_option("2024-25-q1")  # received 14 May 2024
    page.get_by_role("button", name="Show figures").click()
    page.get_by_role("heading", name="Quarterly return: 2024/25 Q1").wait_for()
    assert serious_accessibility_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Referrals by source” as CSV").click()
    content = Path(download_info.value.path()).read_text()
    table = list(csv.reader(io.StringIO(content)))
    assert ["Police", "20", "0"] in table and ["Self-referral", "20", "0"] in table
    with page.expect_download() as workbook_info:
        page.get_by_role("link", name="Download the return as an Excel workbook").click()
    assert workbook_info.value.suggested_filename == "kidas-return-2024-25-q1.xlsx"

    page.get_by_role("link", name="Back to the dashboard").click()
    page.get_by_role("heading", name="Dashboard: 2024/25 Q1").wait_for()
    assert serious_accessibility_violations(page) == []
