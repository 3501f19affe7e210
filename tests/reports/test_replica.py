"""Reads that scale out: with a replica configured, the reports' and the dashboard's figures are read
from it; writes, and every other read, stay on the primary. The replica here is a second connection to
the test database (tests/conftest.py), so what the test commits on the primary is there to read."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from kidas.db.replica import ReplicaRouter, replica_reads
from referrals.models import Referral
from reports.models import MonthFigure
from tests.reports.conftest import at

ROUTER = ReplicaRouter()


@pytest.mark.parametrize(
    ("replica", "in_reports_reads", "reads_from"),
    [
        (None, False, "default"),
        (None, True, "default"),  # no replica configured: everything on the primary
        ("replica", False, "default"),  # outside the reports' reads: the primary
        ("replica", True, "replica"),
    ],
)
def test_reads_go_to_the_replica_only_inside_the_reports_reads(settings, replica, in_reports_reads, reads_from) -> None:
    settings.READ_REPLICA = replica
    if in_reports_reads:
        with replica_reads():
            assert ROUTER.db_for_read(Referral) == reads_from
    else:
        assert ROUTER.db_for_read(Referral) == reads_from


@pytest.mark.parametrize("replica", [None, "replica"])
def test_writes_and_migrations_always_go_to_the_primary(settings, replica) -> None:
    settings.READ_REPLICA = replica
    with replica_reads():
        assert ROUTER.db_for_write(MonthFigure) == "default"
        assert ROUTER.db_for_write(User) == "default"
    assert ROUTER.allow_migrate("default", "reports") is True
    assert ROUTER.allow_migrate("replica", "reports") is False


def test_the_block_ends_with_its_code(settings) -> None:
    settings.READ_REPLICA = "replica"
    with pytest.raises(RuntimeError), replica_reads():
        raise RuntimeError("a report failed")
    assert ROUTER.db_for_read(Referral) == "default"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_dashboard_and_the_return_read_their_figures_from_the_replica(
    settings, client, commissioner, make_referral
) -> None:
    settings.READ_REPLICA = "replica"
    for day in range(1, 8):
        make_referral(at(date(2025, 5, day)), district="thanet", provider="oasis", source="self", risk_level="high")
    client.force_login(commissioner)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        page = client.get("/reports/return/by-source.csv", {"period": "2025-26-q1"})
        dashboard = client.get("/reports/", {"period": "2025-26"})
        api = client.get("/api/v1/reports/return/", {"period": "2025-26-q1"})
    assert page.status_code == dashboard.status_code == api.status_code == 200
    assert "Self-referral,5,0" in page.content.decode()  # 7, rounded to base 5 for a commissioner
    assert "Referrals received" in dashboard.content.decode()
    tables = {table["slug"]: table for table in api.json()["tables"]}
    assert ["Self-referral", "5", "0"] in tables["by-source"]["rows"]
    assert any("referrals_referral" in query["sql"] for query in on_replica.captured_queries)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_pages_outside_the_reports_read_the_primary(settings, client, centra_worker) -> None:
    settings.READ_REPLICA = "replica"
    client.force_login(centra_worker)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/cases/").status_code == 200
    assert on_replica.captured_queries == []
