"""The fields a referral is recorded with, in the order the form asks them: shared by the page's form
and the API's serializer so both take the same input."""

from __future__ import annotations

PERSON_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "pronouns",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "district",
    "language",
    "interpreter_needed",
    "disabilities",
    "phone",
    "safe_phone",
    "safe_email",
    "voicemail_allowed",
    "safe_times",
    "code_word",
    "perpetrator_has_phone_access",
    "perpetrator_name",
    "perpetrator_relationship",
    "perpetrator_lives_with_victim",
    "source",
    "referrer_name",
    "referrer_organisation",
    "referrer_contact",
    "consent_given",
    "consent_refusal_reason",
    "circumstances",
    "received_at",
]
