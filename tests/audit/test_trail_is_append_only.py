"""Nobody can edit or delete the trail: the database itself refuses UPDATE and DELETE."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AccessEvent, Action

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accessevent SET ip = '10.0.0.1'",
        "DELETE FROM audit_accessevent",
        "UPDATE audit_referralevent SET last_name = 'X'",
        "DELETE FROM audit_referralevent",
    ],
)
def test_the_database_refuses_to_change_the_trail(routed_case, sql) -> None:
    routed_case()
    AccessEvent.objects.create(action=Action.VIEW, referral_ids=[1])
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


def test_the_orm_cannot_delete_an_access_event_either() -> None:
    event = AccessEvent.objects.create(action=Action.VIEW, referral_ids=[1])
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        event.delete()
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_the_admin_site_does_not_offer_the_trail(admin_client) -> None:
    assert admin_client.get("/admin/audit/accessevent/").status_code == 404
