"""The plumbing's one model: figures counted once and read many times (kidas.stored_figures); and the abstract
bases of the models the lists show on every row: their choices' labels gathered once, their rows made quickly
when a list reads only some of their columns."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache, lru_cache
from typing import Any, Self

from django.db import models
from django.db.models import Field
from django.db.models.base import DEFERRED
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def _labels(field: Field[Any, Any]) -> dict[Any, Any]:
    return dict(make_hashable(field.flatchoices))


@lru_cache(maxsize=1024)
def _loaded_positions(model: type[models.Model], field_names: tuple[str, ...]) -> tuple[int, ...]:
    loaded = set(field_names)
    return tuple(position for position, field in enumerate(model._meta.concrete_fields) if field.attname in loaded)


class DeferredRows(models.Model):
    """Django's `from_db` for a row read with some columns only (`only()`, as every list reads its rows), with
    the places of the columns read worked out once per model and set of columns: Django looks each of the
    model's fields up in the list of columns read, for every row (a referral of 49 fields read with 15: 13 µs a
    row against 6). The same instance, with the same fields deferred (tests/test_deferred_rows.py)."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], *, fetch_mode: Any = None
    ) -> Self:
        if fetch_mode is not None:  # a later Django's loading, which this does not know: Django's own
            return super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        fields = cls._meta.concrete_fields
        if len(values) != len(fields):
            every = [DEFERRED] * len(fields)
            for position, value in zip(_loaded_positions(cls, tuple(field_names)), values, strict=True):
                every[position] = value
            values = every
        new = cls(*values)
        new._state.adding = False
        new._state.db = db
        return new


class ChoiceLabels(DeferredRows):
    """`get_FOO_display()` from each field's labels gathered once: Django gathers them again on every call
    (flattening the choices into a new dictionary), 11.6 µs a call against 1.7 µs, and a list of 50 rows calls it
    for each row. Only for fields whose choices are fixed in the code (never a callable that changes)."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: Field[Any, Any]) -> Any:
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


class StoredFigures(models.Model):
    """Figures of one kind (the return and its dashboard, a MARAC's dataset, gauges and quarterly figures, the
    breaches summary) for one set of parameters, as counted at `counted_at` (kidas.stored_figures): pages,
    downloads and the API read this row while it is fresh rather than counting a million rows again, and the
    beat task counts again the ones people are reading before they go stale. Small numbers are already
    suppressed in it, as the parameters ask. Only counts are kept here, never a record: losing every row costs
    one count each."""

    key = models.CharField(max_length=300, unique=True, help_text="The format, the kind and the parameters.")
    kind = models.CharField(max_length=40)
    params = models.JSONField(help_text="All the count is given: ids, a period's key, whether suppressed.")
    figures = models.JSONField(help_text="One entry per part a reader may ask for.")
    workbook = models.BinaryField(null=True, editable=False, help_text="Their Excel workbook, once downloaded.")
    counted_at = models.DateTimeField()
    asked_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "stored figures"
        indexes = [models.Index(fields=["asked_at"], name="kidas_stored_figures_asked")]

    def __str__(self) -> str:
        return f"{self.key} at {self.counted_at:%Y-%m-%d %H:%M}"
