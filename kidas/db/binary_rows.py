"""A cursor whose rows come back in binary, for the busiest statements' rows.

Every statement is prepared on the server per connection (kidas.db.postgresql); this only changes how rows
come back. For text timestamps Django installs a pure-Python loader (to set the time zone), and parsing a
caseload page of them cost more than the query: psycopg's compiled loaders read binary rows."""

from __future__ import annotations

from typing import Any

from django.db import connection
from psycopg.pq import Format


def binary_cursor() -> Any:
    """A Django cursor (use it in a `with`) whose rows come back in binary."""
    cursor = connection.cursor()
    cursor.cursor.format = Format.BINARY
    return cursor
