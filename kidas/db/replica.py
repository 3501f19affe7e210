"""Reads that scale out: the reports' and the dashboard's reads on a PostgreSQL replica.

With DATABASE_REPLICA_URL set, settings add a database "replica" and name it READ_REPLICA. Code that
may read a little behind the primary (the figures of the reports pages, the dashboard and the return
API: counts over past periods, never a record someone is about to change) runs inside
`replica_reads()`; ReplicaRouter sends that code's reads to the replica. Everything else, every write,
and every read outside the block stays on the primary ("default"), so nothing ever reads its own write
from a replica that may not have it yet. Without the variable READ_REPLICA is None and everything
uses the primary.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block (or the decorated function), reads go to the replica when one is configured."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def read_database() -> str:
    """The database the current code's reads go to."""
    replica = getattr(settings, "READ_REPLICA", None)
    return replica if replica and _replica_reads.get() else DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Django database router (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return read_database()

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by replication
