"""The statements every signed-in request runs are prepared on the server once per connection
(kidas/db/prepared.py). That module builds on Django's PostgreSQL cursor classes, which Django does not
promise to keep: these tests fail if an upgrade stops the preparing, hides the statements from query
logs (which the query-count tests read) or changes the values read back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import user_with_devices
from accounts.models import User

pytestmark = pytest.mark.django_db

USER_LOOKUP = '%FROM "accounts_user" u WHERE u.id = $1'


def _prepared_user_lookups() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [USER_LOOKUP])
        return int(cursor.fetchone()[0])


def test_the_user_lookup_is_prepared_on_the_server_once_per_connection(centra_worker: User) -> None:
    user_with_devices(centra_worker.pk)
    user_with_devices(centra_worker.pk)
    assert _prepared_user_lookups() == 1


def test_a_prepared_statement_still_shows_in_the_query_log(centra_worker: User) -> None:
    with CaptureQueriesContext(connection) as queries:
        user_with_devices(centra_worker.pk)
    assert len(queries) == 1
    assert '"accounts_user"' in queries[0]["sql"]


def test_the_user_read_through_the_prepared_statement_is_the_user_the_orm_reads(centra_worker: User) -> None:
    centra_worker.last_login = centra_worker.date_joined
    centra_worker.save()
    prepared = user_with_devices(centra_worker.pk)
    orm = User.objects.get(pk=centra_worker.pk)
    assert prepared is not None
    for field in User._meta.concrete_fields:
        assert getattr(prepared, field.attname) == getattr(orm, field.attname), field.name
    assert prepared.date_joined.tzinfo is not None
