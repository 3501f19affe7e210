"""The plumbing's one model: figures counted once and read many times (kidas.stored_figures); and the abstract
base of the models whose choices' labels the lists show on every row."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models
from django.db.models import Field
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def _labels(field: Field[Any, Any]) -> dict[Any, Any]:
    return dict(make_hashable(field.flatchoices))


class ChoiceLabels(models.Model):
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
