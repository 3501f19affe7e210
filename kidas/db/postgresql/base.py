"""PostgreSQL as Django's own backend, with a health check that costs no round trip while all is well, and
no JIT compilation.

The server JIT-compiles any statement its planner costs high (a long list's count, a page's subqueries), and
compiling took longer than running them (a one-row read JIT-compiled for 1.3 s, 28 ms on an inbox page): every
statement here is an interactive one or a sweep that runs in milliseconds. Set as a connection option, added
to the PGOPTIONS of the environment (which a connection option would otherwise replace), read when connecting.

Django checks a kept connection (CONN_HEALTH_CHECKS) at the first query of every request with a
`SELECT 1`: a round trip to the server on every request, a quarter of the caseload API's. When the
server restarts or ends a session it closes the socket (after a last error message), so a healthy idle
connection has nothing to read: only a socket with something waiting on it gets the full check, which
then either consumes a harmless message or finds the connection dead so Django opens a new one."""

from __future__ import annotations

import os
import select
from typing import Any

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        options = (os.environ.get("PGOPTIONS", ""), params.get("options", ""), "-c jit=off")
        params["options"] = " ".join(part for part in options if part)
        return params

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
