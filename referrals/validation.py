"""Input rules shared by the pages' forms and the API's serializers, so both refuse the same things
with the same words. Each returns the cleaned value or raises django's ValidationError."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from referrals.normalise import InvalidValue, normalise_phone, normalise_postcode
from referrals.risk import Answer, RiskLevel


def clean_date_of_birth(value: date) -> date:
    if value > timezone.localdate():
        raise ValidationError("Date of birth must be in the past")
    if value.year < 1900:
        raise ValidationError("Date of birth must be after 1900")
    return value


def clean_postcode(value: str) -> str:
    try:
        return normalise_postcode(value or "")
    except InvalidValue as exc:
        raise ValidationError(str(exc)) from None


def clean_phone(value: str) -> str:
    try:
        return normalise_phone(value or "")
    except InvalidValue as exc:
        raise ValidationError(str(exc)) from None


def consent_errors(consent_given: bool | None, refusal_reason: str) -> dict[str, str]:
    """Consent is a yes or a no; a no needs its reason (only a high-risk referral then goes on, to MARAC)."""
    if consent_given is None:
        return {"consent_given": "Say whether the person consents to the referral"}
    if consent_given is False and not (refusal_reason or "").strip():
        return {"consent_refusal_reason": "Give the reason consent was not given"}
    return {}


def safe_contact_errors(data: Mapping[str, object]) -> dict[str, str]:
    if data.get("voicemail_allowed") and not data.get("safe_phone"):
        return {"safe_phone": "Give the safe number a voicemail may be left on, or say voicemail is not safe"}
    return {}


def answer_errors(keys: Iterable[str], answers: Mapping[str, str]) -> dict[str, str]:
    errors = {key: "Answer yes, no or not known" for key in keys if answers.get(key) not in Answer.values}
    unknown = set(answers) - set(keys)
    if unknown:
        errors["answers"] = f"Unknown questions: {', '.join(sorted(unknown))}"
    return errors


def judgement_errors(level: str, reason: str) -> dict[str, str]:
    if level and level not in RiskLevel.values:
        return {"judgement_level": "Choose standard, medium or high"}
    if level and not (reason or "").strip():
        return {"judgement_reason": "Give the reason for your professional judgement"}
    return {}


def clean_callouts(dates: Iterable[date]) -> list[date]:
    today = timezone.localdate()
    cleaned = sorted(set(dates))
    if any(day > today for day in cleaned):
        raise ValidationError("Police call-outs cannot be in the future")
    return cleaned


def parse_callout_lines(text: str) -> list[date]:
    """One date a line, as 23/11/2026 or 2026-11-23."""
    days = []
    for raw_line in (text or "").splitlines():
        line = raw_line.strip()
        if not line:
            continue
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                days.append(datetime.strptime(line, fmt).date())
                break
            except ValueError:
                continue
        else:
            raise ValidationError(f"“{line}” is not a date: write it as day/month/year, for example 23/11/2026")
    return clean_callouts(days)
