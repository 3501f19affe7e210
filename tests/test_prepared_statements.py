"""Every statement is prepared on the server per connection, by its text (kidas/db/postgresql): values are
bound on the server, so a statement's text is its shape. The backend builds on Django's and psycopg's cursor
classes, which neither promises to keep: these tests fail if an upgrade stops the preparing, lets one run's
values answer another's, hides the statements from query logs (which the query-count tests read) or changes
the values read back."""

from __future__ import annotations

import pghistory
import pytest
from django.apps import apps
from django.db import DatabaseError, DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.backends import user_with_devices
from accounts.models import User
from audit.models import TRACKED
from kidas.db.postgresql.base import PREPARE_AFTER
from referrals.models import Referral
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

USER_LOOKUP = '%FROM "accounts_user" u WHERE u.id = $1'
USER_BY_EMAIL = '%FROM "accounts_user" WHERE "accounts_user"."email" = $1%'


def _prepared(like: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [like])
        return int(cursor.fetchone()[0])


def test_a_statement_run_again_is_prepared_once_per_connection(centra_worker: User) -> None:
    for _ in range(PREPARE_AFTER + 3):
        user_with_devices(centra_worker.pk)
    assert _prepared(USER_LOOKUP) == 1


def test_a_statement_run_once_is_not_kept(centra_worker: User) -> None:
    User.objects.get(email=centra_worker.email)
    assert _prepared(USER_BY_EMAIL) == 0


def test_each_run_of_a_prepared_statement_answers_with_its_own_values() -> None:
    """The same shape for many users: each answer is that user's, however often the shape has run."""
    users = UserFactory.create_batch(PREPARE_AFTER + 4)
    for user in users + users:
        assert User.objects.get(email=user.email).pk == user.pk
    assert _prepared(USER_BY_EMAIL) == 1


def test_a_prepared_statement_still_shows_in_the_query_log_with_its_values(centra_worker: User) -> None:
    for _ in range(PREPARE_AFTER + 1):
        user_with_devices(centra_worker.pk)
    with CaptureQueriesContext(connection) as queries:
        user_with_devices(centra_worker.pk)
    assert len(queries) == 1
    assert '"accounts_user"' in queries[0]["sql"]
    assert f"u.id = {centra_worker.pk}" in queries[0]["sql"]


def test_a_write_with_its_history_context_runs_and_records_it(routed_case) -> None:
    """django-pghistory sends its context and the write as one command of two statements, run after run."""
    case = Referral.objects.get(pk=routed_case())
    for name in ("Abbott", "Baker", "Carter", "Dyer"):
        with pghistory.context(why="a test of prepared statements"):
            case.last_name = name
            case.save(update_fields=["last_name"])
    events = apps.get_model("audit", TRACKED[Referral]).objects.filter(pgh_obj_id=case.pk).order_by("pgh_id")
    newest = list(events)[-1]
    assert newest.last_name == "Dyer"
    assert newest.pgh_context.metadata["why"] == "a test of prepared statements"


def test_the_user_read_through_the_prepared_statement_is_the_user_the_orm_reads(centra_worker: User) -> None:
    centra_worker.last_login = centra_worker.date_joined
    centra_worker.save()
    for _ in range(PREPARE_AFTER + 1):
        prepared = user_with_devices(centra_worker.pk)
    orm = User.objects.get(pk=centra_worker.pk)
    assert prepared is not None
    for field in User._meta.concrete_fields:
        assert getattr(prepared, field.attname) == getattr(orm, field.attname), field.name
    assert prepared.date_joined.tzinfo is not None


def test_a_rolled_back_savepoint_keeps_the_prepared_statements(centra_worker: User) -> None:
    """A page's service runs in a savepoint: its refusal must not make the connection plan everything again."""
    for _ in range(PREPARE_AFTER + 1):
        user_with_devices(centra_worker.pk)
    with pytest.raises(DataError), transaction.atomic():
        _fail()
    assert _prepared(USER_LOOKUP) == 1
    assert _read(centra_worker) == centra_worker.pk  # run as the statement kept


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_request_keeps_the_prepared_statements(centra_worker: User) -> None:
    """Every 404, 400 and 409 ends its request's transaction in a rollback."""
    with pytest.raises(DataError), transaction.atomic():
        for _ in range(PREPARE_AFTER + 1):
            user_with_devices(centra_worker.pk)
        User.objects.filter(pk=centra_worker.pk).update(first_name="Never")
        _fail()
    assert _prepared(USER_LOOKUP) == 1
    with transaction.atomic():
        assert _read(centra_worker) == centra_worker.pk
    assert User.objects.get(pk=centra_worker.pk).first_name != "Never"  # the transaction's write is gone


def test_a_rollback_the_server_refuses_is_an_error() -> None:
    with pytest.raises(DatabaseError, match='savepoint "s_never_made" does not exist'), transaction.atomic():
        connection._savepoint_rollback("s_never_made")


def _fail() -> None:
    """A statement the server refuses (the transaction, or the savepoint, must be rolled back)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")


def _read(user: User) -> int | None:
    found = user_with_devices(user.pk)
    return found.pk if found else None
