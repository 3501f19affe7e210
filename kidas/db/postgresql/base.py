"""PostgreSQL as Django's own backend, with every statement prepared per shape, a health check that costs no
round trip while all is well, and no JIT compilation or parallel workers.

Django writes a statement's values into its text (client-side binding), so PostgreSQL parses and plans every
statement afresh: planning a page's joins (nine small tables beside a referral) cost more than running them.
Here values are bound on the server, so a statement's text is its shape, and psycopg prepares a text once it
has run PREPARE_AFTER times on a connection; PostgreSQL plans it for each run's values until a plan for any
value serves as well, then keeps that plan. Each run binds its own request's values: a shape shared by many
users can answer each only with their own rows.

The server JIT-compiles any statement its planner costs high (a long list's count, a page's subqueries), and
compiling took longer than running them (a one-row read JIT-compiled for 1.3 s, 28 ms on an inbox page): every
statement here is an interactive one or a sweep that runs in milliseconds. Likewise parallel workers: a plan
kept for any value (above) walked an inbox's open clocks with two workers in 125 ms where one process took
2 ms, as starting workers costs more than the rows they share out, and under load the workers only take the
cores other requests were using. Set as connection options, added to the PGOPTIONS of the environment (which
a connection option would otherwise replace), read when connecting.

Django checks a kept connection (CONN_HEALTH_CHECKS) at the first query of every request with a
`SELECT 1`: a round trip to the server on every request, a quarter of the caseload API's. When the
server restarts or ends a session it closes the socket (after a last error message), so a healthy idle
connection has nothing to read: only a socket with something waiting on it gets the full check, which
then either consumes a harmless message or finds the connection dead so Django opens a new one.

A rollback keeps the connection's prepared statements. psycopg forgets them all (and deallocates them on the
server) at every ROLLBACK, and at a ROLLBACK TO SAVEPOINT of a name it has not seen (every one), in case the
transaction made or dropped a table a statement reads; every 404, 400 and 409 ends its request in a rollback, and a
page's service runs in a savepoint. A referral's page read after a 404 each time took 100 ms rather than 79 ms:
every statement was planned again, and prepared again after two more runs.
No request changes a table's shape, and psycopg still forgets every statement when a DROP or ALTER runs
through it (a migration), so the rollback and the savepoint rollback go straight to the server, past the
statement cache. A statement that failed to prepare is never kept, so none can be missing after a rollback."""

from __future__ import annotations

import os
import select
from typing import Any

from django.db.backends.postgresql import base
from django.db.backends.utils import debug_transaction
from psycopg import ClientCursor, errors, pq

# Every statement here is interactive (a page, a sweep of milliseconds): no JIT compilation and no parallel
# workers, each of which cost more than the statements they were meant to speed up (below).
INTERACTIVE = ("-c jit=off", "-c max_parallel_workers_per_gather=0")

# A statement is prepared on the server at its third run on a connection (psycopg's prepare_threshold), so
# one-off statements (a statement with its values written in) are not kept. A connection keeps its most
# recently used PREPARED_AT_MOST statements (psycopg's prepared_max, 100 by default): every page and API
# operation for every role, run again and again on one connection, made 266, and the server process held
# about 40 MB for them; fewer than that would prepare the least used again and again.
PREPARE_AFTER = 2
PREPARED_AT_MOST = 300


_ServerBindingCursor: Any = base.ServerBindingCursor  # (psycopg's Cursor, untyped in django-stubs)


class PreparingCursor(_ServerBindingCursor):
    """Django's server-binding cursor, which also runs a command of several statements and writes a statement
    with its values in it (`mogrify`), as Django's default client-binding cursor does."""

    def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
        if isinstance(query, str) and ";" in query and ";" in query.rstrip().rstrip(";"):
            # Several statements in one command: django-pghistory's context (who and why) and django-pgtrigger
            # put a `SELECT set_config(...);` before a write, and the benchmark seeder and the people backfill
            # run scripts. Only the simple query protocol runs them, and it takes no parameters: the command
            # goes with its values written in, never prepared, as every command did before. (A statement's
            # values are parameters, so a lone statement has no `;` of its own; the first test spares every such
            # statement the copies the second makes.)
            return super().execute(self.mogrify(query, params) if params else query, prepare=False)
        return super().execute(query, params, **options)

    def mogrify(self, query: Any, params: Any = None) -> str:
        return ClientCursor(self.connection).mogrify(query, params)


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, settings_dict: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        # Values bound on the server, whatever the settings say: Django's features and query logging read
        # this option (as a statement's text is then its shape, every statement can be prepared).
        settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "server_side_binding": True}
        super().__init__(settings_dict, *args, **kwargs)

    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        options = (os.environ.get("PGOPTIONS", ""), params.get("options", ""), *INTERACTIVE)
        params["options"] = " ".join(part for part in options if part)
        params["cursor_factory"] = PreparingCursor
        params["prepare_threshold"] = PREPARE_AFTER
        return params

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        connection.prepared_max = PREPARED_AT_MOST
        return connection

    def _rollback(self) -> None:
        if self.connection is not None:
            with debug_transaction(self, "ROLLBACK"), self.wrap_database_errors:
                if self.connection.info.transaction_status != pq.TransactionStatus.IDLE:
                    self._run_past_statement_cache("ROLLBACK")

    def _savepoint_rollback(self, sid: str) -> None:
        command = self.ops.savepoint_rollback_sql(sid)
        with debug_transaction(self, command), self.wrap_database_errors:
            self._run_past_statement_cache(command)

    def _run_past_statement_cache(self, command: str) -> None:
        """Run a transaction command on the server as it is, leaving psycopg's prepared statements as they are."""
        connection = self.connection
        with connection.lock:
            result = connection.pgconn.exec_(command.encode())
        if result.status != pq.ExecStatus.COMMAND_OK:
            raise errors.error_from_result(result, encoding=connection.info.encoding)

    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        if _nothing_to_read(self.connection.pgconn.socket):
            return True
        return bool(super().is_usable())


def _nothing_to_read(fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    return not poller.poll(0)
