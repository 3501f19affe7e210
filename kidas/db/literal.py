"""A filter whose values are written into the SQL rather than bound as parameters.

A statement prepared once per connection (kidas.db.postgresql) may be planned for any value of its
parameters, so PostgreSQL cannot use a partial index whose condition names values (`state IN
('accepted', 'in_support')`) unless the query says those values literally. Only the app's own
constants (enum values) belong here, never input: each must be a plain lowercase word."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Expression, F, Lookup

_PLAIN_WORD = re.compile(r"[a-z][a-z0-9_]*")


if TYPE_CHECKING:
    _Lookup = Lookup[Any]  # generic in django-stubs only
else:
    _Lookup = Lookup


class LiteralIn(_Lookup):
    """`column IN ('a', 'b')` with the values in the SQL text."""

    lookup_name = "literal_in"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [str(value) for value in self.rhs]
        if not values or not all(_PLAIN_WORD.fullmatch(value) for value in values):
            raise ValueError(f"LiteralIn takes the app's own plain-word constants, not {values!r}")
        quoted = ", ".join(f"'{value}'" for value in values)
        return f"{lhs} IN ({quoted})", tuple(lhs_params)


def field_in_literally(field: str, values: Iterable[Any]) -> Expression:
    """A filter (`queryset.filter(field_in_literally("state", OPEN_CASE_STATES))`): see the module."""
    return LiteralIn(F(field), list(values))
