"""Which columns a read takes, as `QuerySet.only()` paths: a list or a page reads what it shows, not every column of
every row it joins (each column is built into the statement, read, converted and set on its row)."""

from __future__ import annotations

from django.db.models import Model


def own_columns(model: type[Model], path: str = "", *, leaving_out: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every column of `model` itself as `only()` paths (`path` leads from the rows to it), but `leaving_out`.
    A relation read with the rows (select_related) whose columns are not named is read whole."""
    return tuple(f"{path}{field.name}" for field in model._meta.concrete_fields if field.name not in leaving_out)
