"""The import runs in a real Celery worker on a queue of this test's own, against the test database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from referrals.models import Referral
from reports.models import ImportStatus, ReferralImport
from reports.tasks import run_referral_import
from tests.reports.test_import import GOOD, csv_of
from tests.sla.conftest import Workers, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def import_workers(tmp_path: Path) -> Iterator[Workers]:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    pool = Workers(f"reports-test-{uuid.uuid4().hex[:12]}", mail_dir)
    yield pool
    pool.stop_all()


def test_a_real_worker_imports_the_file_and_records_its_progress(ref, administrator, import_workers) -> None:
    rows = [{**GOOD, "source_reference": f"OLD-{n}"} for n in range(60)] + [
        {**GOOD, "source_reference": "BAD", "district": "Nowhere"}
    ]
    referral_import = ReferralImport.objects.create(
        uploaded_by=administrator, file_name="old.csv", content=csv_of(*rows)
    )
    import_workers.start()
    run_referral_import.apply_async(args=(referral_import.pk,), queue=import_workers.queue, retry=False)

    def finished() -> ReferralImport | None:
        referral_import.refresh_from_db()
        return referral_import if referral_import.status == ImportStatus.DONE else None

    done = wait_for(finished, timeout=90)
    assert (done.total_rows, done.processed_rows, done.imported_rows) == (61, 61, 60)
    assert done.errors == [{"line": 62, "reason": "district is not a district we know: 'Nowhere'"}]
    assert Referral.objects.filter(import_record__referral_import=done).count() == 60
