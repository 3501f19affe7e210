"""Writes: start a referral import. The worker's part is reports.imports (run by reports.tasks)."""

from __future__ import annotations

from accounts.models import User
from kidas.queue import enqueue_after_commit
from reports.imports import read_rows
from reports.models import ReferralImport
from reports.tasks import run_referral_import


def referral_import_create(*, user: User, file_name: str, content: str) -> ReferralImport:
    """Check the file as a whole, store it and queue the import (after the request commits)."""
    read_rows(content)  # raises ImportFileError with the reason
    referral_import = ReferralImport.objects.create(uploaded_by=user, file_name=file_name[:200], content=content)
    enqueue_after_commit(run_referral_import, referral_import.pk)
    return referral_import
