"""Sign-in backend: Django's ModelBackend, whose per-request user lookup also brings the user's
confirmed two-factor devices, so the two-factor check costs no query of its own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

DEVICE_MODELS = (TOTPDevice, StaticDevice)


def _persistent_ids(model: Any) -> ArraySubquery:
    """The persistent ids (django-otp's "app_label.model/pk") of the user's confirmed devices of a kind."""
    prefix = f"{model._meta.app_label}.{model._meta.model_name}/"
    return ArraySubquery(
        model.objects.filter(user=OuterRef("pk"), confirmed=True).values(
            persistent_id=Concat(Value(prefix), Cast("pk", CharField()), output_field=CharField())
        )
    )


class ModelBackendWithDevices(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        annotations = {f"devices_{i}": _persistent_ids(model) for i, model in enumerate(DEVICE_MODELS)}
        try:
            user = User._default_manager.annotate(**annotations).get(pk=user_id)
        except User.DoesNotExist:
            return None
        user.confirmed_device_ids = frozenset(  # type: ignore[attr-defined]
            device_id for name in annotations for device_id in getattr(user, name)
        )
        return user if self.user_can_authenticate(user) else None
