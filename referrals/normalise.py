"""Normalising contact details, so that the same person's records match when compared."""

from __future__ import annotations

import phonenumbers
from ukpostcodeutils import validation


class InvalidValue(ValueError):
    pass


def normalise_postcode(raw: str) -> str:
    """'me103ab' → 'ME10 3AB'. Empty stays empty. A value that is not a UK postcode is refused."""
    compact = "".join(raw.split()).upper()
    if not compact:
        return ""
    if not validation.is_valid_postcode(compact):
        raise InvalidValue(f"{raw.strip()} is not a valid UK postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_phone(raw: str) -> str:
    """A UK or international number in E.164 form ('07700 900123' → '+447700900123')."""
    if not raw.strip():
        return ""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue(f"{raw.strip()} is not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidValue(f"{raw.strip()} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    if not e164:
        return ""
    return phonenumbers.format_number(phonenumbers.parse(e164, "GB"), phonenumbers.PhoneNumberFormat.NATIONAL)
