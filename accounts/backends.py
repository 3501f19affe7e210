"""Sign-in backend: Django's ModelBackend, whose per-request user lookup also brings the user's
confirmed two-factor devices, so the two-factor check costs no query of its own.

Every signed-in request runs this lookup, so its SQL is written once from the models' metadata rather
than built by the ORM per request (building a query with two array subqueries cost more than the
query saved)."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from psycopg import sql

from accounts.models import User
from kidas.db.binary_rows import binary_cursor

DEVICE_MODELS = (TOTPDevice, StaticDevice)


@functools.cache
def _user_with_devices_sql() -> str:
    # (a concrete field is one with a column)
    columns = sql.SQL(", ").join([sql.Identifier("u", f.column) for f in User._meta.concrete_fields if f.column])
    devices = sql.SQL(" || ").join(
        sql.SQL(
            "ARRAY(SELECT {persistent_id_prefix} || d.id FROM {devices} d"
            " WHERE d.user_id = u.id AND d.confirmed ORDER BY d.id)"
        ).format(
            persistent_id_prefix=sql.Literal(f"{model._meta.app_label}.{model._meta.model_name}/"),
            devices=sql.Identifier(model._meta.db_table),
        )
        for model in DEVICE_MODELS
    )
    statement = sql.SQL("SELECT {columns}, {devices} FROM {users} u WHERE u.id = %s").format(
        columns=columns, devices=devices, users=sql.Identifier(User._meta.db_table)
    )
    return statement.as_string()


def user_with_devices(user_id: int) -> User | None:
    """The user, with `confirmed_device_ids`: the persistent ids (django-otp's "app_label.model/pk")
    of their confirmed devices. tests/accounts/test_django_otp_contract.py fails if these ever stop
    matching django-otp's own `Device.persistent_id` or its list of device models."""
    with binary_cursor() as cursor:
        cursor.execute(_user_with_devices_sql(), [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    attnames = [field.attname for field in User._meta.concrete_fields]
    user = User.from_db(connection.alias, attnames, row[:-1])
    user.confirmed_device_ids = frozenset(row[-1])  # type: ignore[attr-defined]
    return user


class ModelBackendWithDevices(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = user_with_devices(int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
