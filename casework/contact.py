"""Safety when making contact: which attempts the app refuses. Pure, no database.

A victim may live with the abuser. A method the referral marks unsafe is refused before
anything is logged, so nobody can record (or be prompted into) an unsafe attempt.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Method(models.TextChoices):
    PHONE_CALL = "phone_call", "Phone call"
    TEXT_MESSAGE = "text_message", "Text message"
    VOICEMAIL = "voicemail", "Voicemail"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"


class Outcome(models.TextChoices):
    SPOKE = "spoke", "Spoke to the person"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL_LEFT = "voicemail_left", "Voicemail left"
    UNSAFE_TO_TALK = "unsafe_to_talk", "Unsafe to talk"


@dataclass(frozen=True)
class SafeContact:
    safe_phone: str
    safe_email: str
    # None: the question was not asked, which counts as the unsafe answer.
    voicemail_allowed: bool | None
    perpetrator_has_phone_access: bool | None


def contact_refusal(method: str, outcome: str, contact: SafeContact) -> str | None:
    """Why this attempt must not be made, or None when it is safe by what the referral records."""
    leaves_voicemail = method == Method.VOICEMAIL or outcome == Outcome.VOICEMAIL_LEFT
    if leaves_voicemail and contact.voicemail_allowed is None:
        return "A voicemail must not be left: nobody has asked whether it is safe."
    if leaves_voicemail and not contact.voicemail_allowed:
        return "A voicemail must not be left: the referral records that it is not safe."
    if leaves_voicemail and contact.perpetrator_has_phone_access is None:
        return "A voicemail must not be left: nobody has asked whether the alleged perpetrator can see the phone."
    if leaves_voicemail and contact.perpetrator_has_phone_access:
        return "A voicemail must not be left: the alleged perpetrator can see or use the phone."
    if method in (Method.PHONE_CALL, Method.TEXT_MESSAGE, Method.VOICEMAIL) and not contact.safe_phone:
        return "There is no safe phone number: do not phone or text."
    if method == Method.TEXT_MESSAGE and contact.perpetrator_has_phone_access is None:
        return "Do not text: nobody has asked whether the alleged perpetrator can see or use the phone."
    if method == Method.TEXT_MESSAGE and contact.perpetrator_has_phone_access:
        return "Do not text: the alleged perpetrator can see or use the phone."
    if method == Method.EMAIL and not contact.safe_email:
        return "There is no safe email address: do not email."
    if outcome == Outcome.VOICEMAIL_LEFT and method != Method.PHONE_CALL and method != Method.VOICEMAIL:
        return "A voicemail can only be left on a phone call."
    return None
