"""The access trail and the corrections moved package (access_trail, referrals), not app: their rows stay in
the same tables, so an existing database needs no migration and loses nothing."""

from __future__ import annotations

from django.apps import apps

from access_trail.access import AccessEvent
from referrals.correction import Correction


def test_the_access_trail_and_the_corrections_keep_their_tables() -> None:
    assert (AccessEvent._meta.app_label, AccessEvent._meta.db_table) == ("audit", "audit_accessevent")
    assert (Correction._meta.app_label, Correction._meta.db_table) == ("audit", "audit_correction")
    assert apps.get_model("audit", "AccessEvent") is AccessEvent
    assert apps.get_model("audit", "Correction") is Correction
