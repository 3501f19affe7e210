"""State fields of historical models connect no receiver (applied from kidas/apps.py).

django-fsm-2 connects every FSMField to `class_prepared`, to find its model's transition methods once the class is
built. `migrate` builds each historical model again and again (some 18,000 classes for a new database), and each
copy's field connects one more receiver that stays alive with its migration state: every later class is then sent to
hundreds of receivers, which was half of the time a new database took to migrate (86 s of it here). A historical
model has no methods, so no transitions to find: its field disconnects again, and the models the app runs on keep
the library's behaviour exactly."""

from __future__ import annotations

from typing import Any

from django.apps import apps as running_apps
from django.db.models.signals import class_prepared
from django_fsm import FSMFieldMixin


def historical_state_fields_connect_nothing() -> None:
    library_contribute = FSMFieldMixin.contribute_to_class
    if getattr(library_contribute, "historical_models_skipped", False):
        return

    def contribute_to_class(self: Any, cls: Any, name: str, private_only: bool = False, **kwargs: Any) -> None:
        library_contribute(self, cls, name, private_only=private_only, **kwargs)
        if cls._meta.apps is not running_apps:  # a migration's state, not the app registry
            class_prepared.disconnect(self._collect_transitions)

    contribute_to_class.historical_models_skipped = True  # type: ignore[attr-defined]
    FSMFieldMixin.contribute_to_class = contribute_to_class
