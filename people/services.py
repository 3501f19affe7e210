"""Writing people: creating a person, keeping their address, phone and email history, their safe-contact
details. Callers hold the transaction (a referral is saved with its people or not at all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from accounts.models import User
from kidas.errors import DomainError, TransitionConflict
from people.models import Person, PersonAddress, PersonEmail, PersonMerge, PersonPhone, SafeContact


@dataclass(frozen=True)
class Address:
    line_1: str = ""
    line_2: str = ""
    town: str = ""
    postcode: str = ""
    district_id: int | None = None

    @property
    def is_blank(self) -> bool:
        return not (self.line_1 or self.line_2 or self.town or self.postcode)


@dataclass(frozen=True)
class SafeContactDetails:
    safe_phone: str = ""
    safe_email: str = ""
    voicemail_allowed: bool | None = None
    safe_times: str = ""
    code_word: str = ""
    perpetrator_has_phone_access: bool | None = None


def person_create(
    *, given_name: str, family_name: str, date_of_birth: date | None = None, gender: str = "", pronouns: str = ""
) -> Person:
    return Person.objects.create(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        gender=gender,
        pronouns=pronouns,
    )


def person_address_record(*, person: Person, address: Address, on: date) -> PersonAddress | None:
    """The address given on `on` becomes the current one; the one it replaces ends that day. The same
    address again changes nothing."""
    if address.is_blank:
        return None
    current = person.addresses.filter(lived_until__isnull=True)
    same = current.filter(
        line_1=address.line_1, line_2=address.line_2, town=address.town, postcode=address.postcode
    ).first()
    if same is not None:
        return same
    for old in current:
        old.lived_until = on
        old.save(update_fields=["lived_until"])
    return PersonAddress.objects.create(
        person=person,
        line_1=address.line_1,
        line_2=address.line_2,
        town=address.town,
        postcode=address.postcode,
        district_id=address.district_id,
        lived_from=on,
    )


def person_phone_record(*, person: Person, number: str) -> PersonPhone | None:
    if not number:
        return None
    phone, _ = PersonPhone.objects.update_or_create(person=person, number=number, defaults={"is_current": True})
    return phone


def person_email_record(*, person: Person, address: str) -> PersonEmail | None:
    if not address:
        return None
    email, _ = PersonEmail.objects.update_or_create(
        person=person, address=address.strip().lower(), defaults={"is_current": True}
    )
    return email


def safe_contact_record(
    *, person: Person, details: SafeContactDetails, confirmed_on: date, by: User | None
) -> SafeContact:
    """The survivor's safe-contact details as just given (or confirmed) by them, dated: the next referral
    that gives none shows them with that date as carried over, unconfirmed, and asks "Are these contact
    details still safe to use?" (referrals.safe_contact); a yes dates them again, a no replaces them here."""
    safe_contact, _ = SafeContact.objects.update_or_create(
        person=person,
        defaults={
            "safe_phone": details.safe_phone,
            "safe_email": details.safe_email,
            "voicemail_allowed": details.voicemail_allowed,
            "safe_times": details.safe_times,
            "code_word": details.code_word,
            "perpetrator_has_phone_access": details.perpetrator_has_phone_access,
            "confirmed_safe_on": confirmed_on,
            "confirmed_by": by,
        },
    )
    return safe_contact


def person_merge(*, duplicate: Person, into: Person, by: User, reason: str) -> PersonMerge:
    """Merge a duplicate found later into the person it duplicates. Recorded with who and why, and
    undone by person_unmerge. A person who already has people merged into them is not merged on (undo
    or re-point those first), so every merge can be undone on its own."""
    if not reason.strip():
        raise DomainError("Say why these records are the same person.")
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    into = Person.objects.select_for_update().get(pk=into.pk)
    if duplicate.pk == into.pk:
        raise DomainError("A person cannot be merged into themselves.")
    if duplicate.merged_into_id is not None or into.merged_into_id is not None:
        raise DomainError("One of these records is already merged into another person.")
    if duplicate.merged_people.exists():
        raise DomainError("Other records are merged into this one: merge them into the kept person directly.")
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    return PersonMerge.objects.create(duplicate=duplicate, into=into, by=by, reason=reason.strip())


def person_unmerge(*, merge: PersonMerge, by: User, reason: str) -> PersonMerge:
    """Undo a merge: the duplicate is a person of their own again, with the links they always kept."""
    if not reason.strip():
        raise DomainError("Say why these records are not the same person.")
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise TransitionConflict("This merge has already been undone.")
    Person.objects.filter(pk=merge.duplicate_id).update(merged_into=None, updated_at=timezone.now())
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.undone_reason = reason.strip()
    merge.save(update_fields=["undone_at", "undone_by", "undone_reason"])
    return merge
