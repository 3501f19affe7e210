"""Writes for the three doors. Each one calls referrals.services.referral_create, the one place
a referral is created, checked for repeats and given its 'receive' history row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from intake.keys import generate_key
from intake.models import PartnerApiKey, PartnerReference
from providers.models import Organisation
from referrals.arrival_match import arrival_match_record
from referrals.models import Channel, Referral, Source
from referrals.services import ChildData, referral_create


def self_referral_create(*, data: Mapping[str, Any], children: Iterable[ChildData] = ()) -> Referral:
    """Someone referring themselves online, with no sign-in. They consented by sending it."""
    fields = {**data, "source": Source.SELF, "consent_given": True}
    referral = referral_create(user=None, data=fields, children=children, channel=Channel.ONLINE)
    arrival_match_record(referral)
    return referral


def partner_referral_create(*, user: User, data: Mapping[str, Any], children: Iterable[ChildData] = ()) -> Referral:
    """A partner agency's member of staff, signed in. Their organisation and name are the referrer's
    unless they gave others."""
    fields = dict(data)
    if not fields.get("referrer_name"):
        fields["referrer_name"] = user.get_full_name() or user.username
    if not fields.get("referrer_organisation") and user.organisation is not None:
        fields["referrer_organisation"] = user.organisation.name
    referral = referral_create(user=user, data=fields, children=children, channel=Channel.PARTNER_FORM)
    arrival_match_record(referral)
    return referral


def partner_referral_submit(
    *,
    organisation: Organisation,
    reference: str,
    data: Mapping[str, Any],
    children: Iterable[ChildData] = (),
) -> tuple[Referral, bool]:
    """A partner system's referral, idempotent by the partner's own reference: the same reference
    sent again (even at the same moment) answers with the first referral, and `created` is False.

    The unique constraint on (organisation, reference) is the arbiter: a concurrent duplicate
    blocks on the index until the first commits, then fails and rolls back its savepoint."""
    existing = _referral_of(organisation, reference)
    if existing is not None:
        return existing, False
    fields = dict(data)
    fields.setdefault("referrer_organisation", organisation.name)
    try:
        with transaction.atomic():
            referral = referral_create(user=None, data=fields, children=children, channel=Channel.PARTNER_API)
            arrival_match_record(referral)
            PartnerReference.objects.create(organisation=organisation, reference=reference, referral=referral)
    except IntegrityError:
        existing = _referral_of(organisation, reference)
        if existing is None:
            raise
        return existing, False
    return referral, True


def _referral_of(organisation: Organisation, reference: str) -> Referral | None:
    row = PartnerReference.objects.filter(organisation=organisation, reference=reference).select_related("referral")
    found = row.first()
    return found.referral if found else None


def partner_api_key_issue(*, organisation: Organisation, name: str = "") -> tuple[PartnerApiKey, str]:
    """A new key for a partner system. The key is returned once and never stored."""
    new = generate_key()
    api_key = PartnerApiKey.objects.create(
        organisation=organisation, name=name, prefix=new.prefix, hashed_secret=new.hashed
    )
    return api_key, new.key


@transaction.atomic
def partner_api_key_revoke(*, key_id: int) -> PartnerApiKey:
    api_key = PartnerApiKey.objects.select_for_update().get(pk=key_id)
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


@transaction.atomic
def partner_api_key_rotate(*, key_id: int) -> tuple[PartnerApiKey, str]:
    """Revoke a key and issue its replacement for the same organisation, in one transaction."""
    old = partner_api_key_revoke(key_id=key_id)
    new, key = partner_api_key_issue(organisation=old.organisation, name=old.name)
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new, key
