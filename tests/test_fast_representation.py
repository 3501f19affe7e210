"""kidas.serializing.FastRepresentation writes what DRF's Serializer.to_representation writes: field by field for the
values it writes itself, and on whole rows (attributes, keys, dotted sources, methods, nested serializers, related
fields, missing values); and every serializer of the project writes through it."""

from __future__ import annotations

import enum
import importlib
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from kidas import serializing
from kidas.serializing import FastRepresentation, ModelSerializer, Serializer
from referrals.serializers import ReferralDetailSerializer, ReferralSummarySerializer
from referrals.states import State
from tests.factories import ReferralFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


class Colour(enum.Enum):
    RED = "red"


def _drf(serializer: serializers.Serializer[Any], instance: Any) -> Any:
    return serializers.Serializer.to_representation(serializer, instance)


FIELDS_AND_VALUES: list[tuple[serializers.Field[Any, Any, Any, Any], list[Any]]] = [
    (serializers.CharField(), ["text", "", 7, gettext_lazy("Lazy text"), State.RECEIVED]),
    (serializers.EmailField(), ["someone@example.org"]),
    (serializers.IntegerField(), [0, 7, "12", 3.0, True]),
    (serializers.BooleanField(), [True, False, 1, 0, "yes", "false", "other"]),
    (serializers.BooleanField(allow_null=True), [True, "null", ""]),
    (
        serializers.ChoiceField(choices=[("received", "Received"), ("1", "One"), (2, "Two")]),
        ["received", "unknown", "", "1", 1, 2, "2", State.RECEIVED, Colour.RED],
    ),
    (serializers.ChoiceField(choices=State.choices), [State.RECEIVED, "received", "closed"]),
    (
        serializers.DateTimeField(),
        [
            datetime(2026, 1, 15, 9, 30, tzinfo=UTC),
            datetime(2026, 7, 15, 9, 30, 0, 123456, tzinfo=UTC),
            datetime(2026, 7, 15, 9, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
            datetime(2026, 7, 15, 9, 30),
            "2026-07-15T09:30:00Z",
            date(2026, 7, 15),
        ],
    ),
    (serializers.DateTimeField(format="%d/%m/%Y %H:%M"), [datetime(2026, 7, 15, 9, 30, tzinfo=UTC)]),
    (serializers.DateTimeField(default_timezone=UTC), [datetime(2026, 7, 15, 9, 30, tzinfo=LONDON)]),
    (serializers.DateField(), [date(2026, 2, 28), "2026-02-28"]),
    (serializers.DateField(format="%d %B %Y"), [date(2026, 2, 28)]),
    (serializers.DecimalField(max_digits=5, decimal_places=2), ["1.5", 2]),
    (serializers.FloatField(), [1.5, "2"]),
]


def _outcome(write: Any, value: Any) -> tuple[Any, ...]:
    try:
        written = write(value)
    except Exception as error:  # noqa: BLE001 (what DRF raises, the fast writer must raise too)
        return ("raised", type(error))
    return ("wrote", written, type(written))


@pytest.mark.parametrize(("field", "values"), FIELDS_AND_VALUES, ids=lambda x: type(x).__name__)
def test_each_value_is_written_as_drf_writes_it(field, values) -> None:
    writes, in_zone = serializing.writer_of(field)

    def write(value: Any) -> Any:
        return writes(value, timezone.get_current_timezone()) if in_zone else writes(value)

    for value in values:
        for zone in (UTC, LONDON):
            with timezone.override(zone):
                assert _outcome(write, value) == _outcome(field.to_representation, value), (value, zone)


class _Child(Serializer):
    name = serializers.CharField()


class _Row(Serializer):
    plain = serializers.CharField()
    number = serializers.IntegerField()
    flag = serializers.BooleanField()
    when = serializers.DateTimeField()
    day = serializers.DateField(allow_null=True)
    choice = serializers.ChoiceField(choices=State.choices)
    dotted = serializers.CharField(source="child.name", allow_null=True)
    computed = serializers.SerializerMethodField()
    called = serializers.CharField(source="label")
    child = _Child()
    children = _Child(many=True)
    missing_with_default = serializers.CharField(default="fallback")
    missing_may_be_null = serializers.CharField(allow_null=True)
    missing_not_required = serializers.CharField(required=False)
    absent_value = serializers.CharField(allow_null=True)
    written_only = serializers.CharField(write_only=True)

    def get_computed(self, row: Any) -> str:
        return f"{row.plain}!"


def _row(**overrides: Any) -> SimpleNamespace:
    values: dict[str, Any] = {
        "plain": "text",
        "number": 3,
        "flag": False,
        "when": datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        "day": None,
        "choice": "received",
        "child": SimpleNamespace(name="Child"),
        "children": [SimpleNamespace(name="A"), SimpleNamespace(name="B")],
        "label": lambda: "called",
        "absent_value": None,
        "written_only": "secret",
    }
    values.update(overrides)
    return SimpleNamespace(**values)


@pytest.mark.parametrize(
    "row",
    [
        _row(),
        _row(day=date(2026, 3, 29), flag=True, when=datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        _row(child=None, when=datetime(2026, 10, 25, 1, 30)),
    ],
)
def test_a_row_is_written_as_drf_writes_it(row) -> None:
    serializer = _Row()
    with timezone.override(LONDON):
        assert serializer.to_representation(row) == _drf(serializer, row)
    assert "written_only" not in serializer.to_representation(row)
    assert "missing_not_required" not in serializer.to_representation(row)


def test_a_row_given_as_a_mapping_is_written_as_drf_writes_it() -> None:
    class _Mapped(Serializer):
        name = serializers.CharField()
        when = serializers.DateTimeField()
        absent = serializers.CharField(required=False)

    row = {"name": "Mapped", "when": timezone.now()}
    assert _Mapped().to_representation(row) == _drf(_Mapped(), row)


def test_a_missing_required_value_fails_as_in_drf() -> None:
    with pytest.raises(AttributeError, match="Got AttributeError when attempting to get a value for field `plain`"):
        _Row().to_representation(SimpleNamespace(number=1))


@pytest.mark.django_db
def test_referrals_are_written_as_drf_writes_them() -> None:
    referral = ReferralFactory(received_at=timezone.now() - timedelta(days=400))
    no_district = ReferralFactory(district=None)
    for serializer_class in (ReferralSummarySerializer, ReferralDetailSerializer):
        for row in (referral, no_district):
            serializer = serializer_class(row)
            assert serializer.data == _drf(serializer, row)


def _project_serializers() -> list[type]:
    importlib.import_module("config.urls")  # every API view, and so every serializer, imported
    found, waiting = [], list(serializers.Serializer.__subclasses__())
    while waiting:
        cls = waiting.pop()
        waiting.extend(cls.__subclasses__())
        if not cls.__module__.startswith(("rest_framework", "drf_spectacular", "django", "tests")):
            found.append(cls)
    return found


def test_every_serializer_of_the_project_writes_through_fast_representation() -> None:
    found = _project_serializers()
    assert ReferralSummarySerializer in found
    left_out = [f"{cls.__module__}.{cls.__qualname__}" for cls in found if not issubclass(cls, FastRepresentation)]
    assert left_out == [], "derive from kidas.serializing.Serializer or ModelSerializer"
    assert issubclass(ReferralSummarySerializer, ModelSerializer)
