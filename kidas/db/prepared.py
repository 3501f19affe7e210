"""Cursors for the few statements every busy request runs: prepared once per connection, rows in binary.

Django binds parameters on the client, so PostgreSQL parses and plans every statement afresh. For the
statements every signed-in request or caseload page runs (the user lookup, the caseload page), planning
cost more than running them, so they use server-side binding and are prepared at first use; the plan is
then reused for the life of the connection. The rest of the app keeps Django's client-side binding."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from psycopg.pq import Format


def prepared_cursor() -> Any:
    """A Django cursor (use it in a `with`) whose statements are prepared on the server."""
    connection.ensure_connection()
    connection.connection.prepare_threshold = 0
    raw: Any = ServerBindingCursor(connection.connection)  # type: ignore[call-arg]
    # Rows in binary: psycopg's compiled loaders read them. For text timestamps Django installs a
    # pure-Python loader (to set the time zone), and parsing a page of them cost more than the query.
    raw.format = Format.BINARY
    return _PreparedDebugCursor(raw, connection) if connection.queries_logged else connection.make_cursor(raw)


class _PreparedDebugCursor(CursorDebugWrapper):
    """Logs the statement as written (a prepared statement keeps no text of its own to log)."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)
