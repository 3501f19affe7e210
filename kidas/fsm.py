"""django-fsm-2 as the app uses it: state fields of historical models connect no receiver (applied from
kidas/apps.py), and a model's state fields are found once (ConcurrentTransitions).

django-fsm-2 connects every FSMField to `class_prepared`, to find its model's transition methods once the class is
built. `migrate` builds each historical model again and again (some 18,000 classes for a new database), and each
copy's field connects one more receiver that stays alive with its migration state: every later class is then sent to
hundreds of receivers, which was half of the time a new database took to migrate (86 s of it here). A historical
model has no methods, so no transitions to find: its field disconnects again, and the models the app runs on keep
the library's behaviour exactly."""

from __future__ import annotations

import functools
from typing import Any

from django.apps import apps as running_apps
from django.db.models import Model
from django.db.models.signals import class_prepared
from django_fsm import ConcurrentTransitionMixin, FSMFieldMixin


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


class ConcurrentTransitions(ConcurrentTransitionMixin):
    """django-fsm-2's ConcurrentTransitionMixin (a transition saves only if the state is still the one read),
    with the model's state fields found once per class. The library looks them up among every field of the
    model each time an instance is made: for a referral (some fifty fields) that was a fifth of reading a page
    of a hundred cases."""

    @property
    def state_fields(self) -> tuple[FSMFieldMixin, ...]:
        return _state_fields_of(type(self))


@functools.cache
def _state_fields_of(model: type[Model]) -> tuple[FSMFieldMixin, ...]:
    return tuple(field for field in model._meta.fields if isinstance(field, FSMFieldMixin))
