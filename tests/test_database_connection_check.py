"""A kept database connection is checked without a round trip while it is healthy, and found dead when
the server has ended it (a restart, or an administrator ending the session)."""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _own_connection():
    other = connection.copy()
    other.ensure_connection()
    return other


def test_a_healthy_connection_is_usable_without_a_query() -> None:
    other = _own_connection()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT 'the last statement'")
        assert other.is_usable()
        with connection.cursor() as cursor:  # what the server last ran on that connection
            cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [other.connection.info.backend_pid])
            assert cursor.fetchone()[0] == "SELECT 'the last statement'"
    finally:
        other.close()


def test_a_connection_the_server_ended_is_not_usable() -> None:
    other = _own_connection()
    try:
        pid = other.connection.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(50):  # the server's goodbye reaches the socket a moment later
            if not other.is_usable():
                break
            time.sleep(0.05)
        assert not other.is_usable()
    finally:
        other.close()


def test_a_closed_connection_is_not_usable() -> None:
    other = _own_connection()
    other.connection.close()
    assert not other.is_usable()
    other.close()


@pytest.mark.django_db
def test_the_apps_connections_run_without_jit_or_parallel_workers_and_keep_the_environments_options() -> None:
    """No JIT compilation and no parallel workers (kidas/db/postgresql), added to PGOPTIONS rather than replacing
    it: the calendar check moves PostgreSQL's clock through PGOPTIONS."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
    params = connection.get_connection_params()
    assert params["options"].endswith("-c jit=off -c max_parallel_workers_per_gather=0")
    assert os.environ.get("PGOPTIONS", "") in params["options"]
