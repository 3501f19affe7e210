"""Closed cases past the retention period are anonymised by the scheduled sweep: the rows and counts
stay for reports, the person does not. Open and recent cases are untouched; running again does nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.utils import timezone

from audit.models import TRACKED, AccessEvent, Action, Anonymisation
from audit.tasks import retention_sweep
from casework.models import CaseNote, Closure
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def closed_years_ago(api, open_case, close_case, worker, years: float, **person) -> int:
    pk = open_case(worker, **person)
    api(worker).post(f"/api/v1/referrals/{pk}/notes/", {"text": "Lives with her sister now"}, format="json")
    close_case(worker, pk)
    Referral.objects.filter(pk=pk).update(state_changed_at=timezone.now() - timedelta(days=365.25 * years))
    return pk


def test_it_anonymises_only_old_closed_cases(api, open_case, close_case, centra_worker) -> None:
    old = closed_years_ago(api, open_case, close_case, centra_worker, 7, date_of_birth="1980-06-15", code_word="wren")
    recent = closed_years_ago(api, open_case, close_case, centra_worker, 2)
    still_open = open_case(centra_worker)
    Referral.objects.filter(pk=still_open).update(state_changed_at=timezone.now() - timedelta(days=365 * 8))
    kept = Referral.objects.get(pk=old)

    assert retention_sweep() == 1

    gone = Referral.objects.get(pk=old)
    assert (gone.first_name, gone.last_name, gone.code_word, gone.safe_phone, gone.circumstances) == (
        "Anonymised",
        "",
        "",
        "",
        "",
    )
    assert gone.date_of_birth == date(1980, 1, 1)  # the year only
    # What reports count stays.
    assert (gone.state, gone.risk_level, gone.district_id, gone.received_at) == (
        kept.state,
        kept.risk_level,
        kept.district_id,
        kept.received_at,
    )
    assert Closure.objects.get(referral_id=old).outcomes == Closure.objects.get(referral_id=recent).outcomes
    assert CaseNote.objects.get(referral_id=old).text == ""
    # The history holds no trace of the person either.
    events = apps.get_model("audit", TRACKED[Referral]).objects.filter(pgh_obj_id=old)
    assert events.exists() and not events.exclude(last_name="").exists()
    assert not events.exclude(code_word="").exists()
    # Recent and open cases are untouched.
    assert Referral.objects.get(pk=recent).last_name != ""
    assert Referral.objects.get(pk=still_open).last_name != ""
    assert AccessEvent.objects.filter(action=Action.ANONYMISE, referral_ids=[old]).exists()


def test_it_runs_once(api, open_case, close_case, centra_worker) -> None:
    closed_years_ago(api, open_case, close_case, centra_worker, 7)
    assert retention_sweep() == 1
    assert retention_sweep() == 0
    assert Anonymisation.objects.count() == 1


def test_the_period_is_a_setting(api, open_case, close_case, centra_worker, settings) -> None:
    closed_years_ago(api, open_case, close_case, centra_worker, 2)
    settings.RETENTION_YEARS = 1
    assert retention_sweep() == 1


def test_the_sweep_is_on_the_beat_schedule() -> None:
    assert django_settings.CELERY_BEAT_SCHEDULE["retention-sweep"]["task"] == "audit.retention_sweep"
    assert django_settings.RETENTION_YEARS == 6
