"""A new database migrates without django-fsm's receivers piling up (kidas/fsm.py), and the running models keep
their transitions."""

from __future__ import annotations

import gc

from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import class_prepared

from referrals.models import Referral


def test_rendering_every_historical_model_connects_no_receiver() -> None:
    gc.collect()
    receivers_before = len(class_prepared.receivers)
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    historical_referral = state.apps.get_model("referrals", "Referral")  # renders every historical model
    assert historical_referral is not Referral
    assert len(class_prepared.receivers) == receivers_before


def test_the_running_models_still_know_their_transitions() -> None:
    transitions = {t.name for t in Referral._meta.get_field("state").get_all_transitions(Referral)}
    assert {"accept", "decline", "close"} <= transitions
