"""Corrections: a person's detail put right with a reason. The old value is kept in a Correction row
(and the history triggers capture the change too); nothing is silently overwritten."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from accounts.models import User
from kidas.errors import DomainError, NotPermitted
from referrals import validation
from referrals.correction import Correction
from referrals.models import Referral
from referrals.policies import may_correct
from referrals.selectors import referral_get_for_user

CORRECTABLE_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "pronouns",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "language",
    "disabilities",
    "phone",
    "safe_phone",
    "safe_email",
    "safe_times",
    "code_word",
    "perpetrator_name",
)
EXTRA_CHECKS: dict[str, Callable[[Any], Any]] = {
    "date_of_birth": validation.clean_date_of_birth,
    "postcode": validation.clean_postcode,
    "phone": validation.clean_phone,
    "safe_phone": validation.clean_phone,
}


def _clean(field: str, raw: str) -> Any:
    model_field = Referral._meta.get_field(field)
    if not isinstance(model_field, models.Field):  # the correctable details are the referral's own columns
        raise TypeError(f"Referral.{field} is not a column")
    form_field = model_field.formfield()
    try:
        value = form_field.clean(raw) if form_field is not None else raw
        check = EXTRA_CHECKS.get(field)
        return check(value) if check else value
    except ValidationError as exc:
        raise DomainError(f"{model_field.verbose_name.capitalize()}: {' '.join(exc.messages)}") from None


def referral_correct(*, user: User, referral_id: int, field: str, value: str, reason: str) -> Correction:
    """Correct one person field of a referral, recording the old and new values, who and why."""
    referral = referral_get_for_user(user, referral_id)
    if not may_correct(user, referral):
        raise NotPermitted("Only the team working this case, or an administrator, may correct its details")
    if field not in CORRECTABLE_FIELDS:
        raise DomainError("That detail cannot be corrected here")
    if not reason.strip():
        raise DomainError("Give the reason for the correction")
    new = _clean(field, value)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        old = getattr(locked, field)
        if old == new:
            raise DomainError("That is already the recorded value")
        Referral.objects.filter(pk=locked.pk).update(**{field: new})
        return Correction.objects.create(
            referral=locked,
            field=field,
            old_value="" if old is None else str(old),
            new_value="" if new is None else str(new),
            reason=reason.strip(),
            by=user,
        )
