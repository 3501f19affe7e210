"""A coordinator sees the referrals listed at their MARACs. Their lists walk only the referrals ever listed
at a MARAC (`Referral.listed_at_marac`), which the listing's own trigger marks, however the listing is made,
and which nothing takes away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection

from marac.models import Marac, MaracReferral
from referrals.models import Referral
from referrals.risk import MaracReason
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def a_referral() -> Referral:
    referral: Referral = ReferralFactory()  # type: ignore[assignment]
    return referral


def listed_at(marac_slug: str, referral: Referral) -> MaracReferral:
    return MaracReferral.objects.create(
        referral=referral,
        marac=Marac.objects.get(slug=marac_slug),
        reason=MaracReason.VISIBLE_HIGH_RISK,
        yes_count=15,
    )


def test_a_coordinator_lists_the_referrals_listed_at_their_marac_newest_first(ref, api, swale_coordinator) -> None:
    older, newer = a_referral(), a_referral()
    Referral.objects.filter(pk=older.pk).update(received_at=newer.received_at - timedelta(days=3))
    listed_at("swale-marac", newer)
    listed_at("swale-marac", older)
    listed_at("thanet-marac", a_referral())  # another MARAC's
    a_referral()  # never listed

    results = api(swale_coordinator).get("/api/v1/referrals/").json()["results"]

    assert [r["id"] for r in results] == [newer.pk, older.pk]


def test_listing_a_referral_marks_it_however_the_listing_is_made(ref) -> None:
    by_the_orm, by_sql, not_listed = a_referral(), a_referral(), a_referral()
    listed_at("swale-marac", by_the_orm)
    with connection.cursor() as cursor:  # as the seeders list thousands at once
        cursor.execute(
            "INSERT INTO marac_maracreferral (referral_id, marac_id, reason, yes_count, is_repeat, created_at, why)"
            " SELECT %s, id, 'visible_high_risk', 15, false, now(), '' FROM marac_marac WHERE slug = 'swale-marac'",
            [by_sql.pk],
        )

    marked = dict(Referral.objects.values_list("pk", "listed_at_marac"))

    assert (marked[by_the_orm.pk], marked[by_sql.pk], marked[not_listed.pk]) == (True, True, False)


def test_a_referral_saved_from_a_copy_read_before_its_listing_keeps_its_mark(ref) -> None:
    referral = a_referral()
    read_before = Referral.objects.get(pk=referral.pk)
    listed_at("swale-marac", referral)

    read_before.referrer_name = "Saved after the listing"
    read_before.save()
    Referral.objects.filter(pk=referral.pk).update(listed_at_marac=False)

    assert Referral.objects.get(pk=referral.pk).listed_at_marac is True


def test_the_mark_is_no_change_in_the_referrals_history(ref) -> None:
    referral = a_referral()
    history = apps.get_model("audit", "ReferralEvent").objects.filter(pgh_obj_id=referral.pk)
    before = history.count()

    listed_at("swale-marac", referral)

    assert history.count() == before
    assert apps.get_model("audit", "MaracReferralEvent").objects.filter(referral_id=referral.pk).exists()
