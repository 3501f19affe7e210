"""The fields a referral is recorded with, in the order the form asks them: shared by the page's form
and the API's serializer so both take the same input."""

from __future__ import annotations

# The form's sections (its fieldsets) in order; the API takes the same fields in the same order.
FIELD_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "The person",
        [
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
        ],
    ),
    (
        "Safe contact",
        ["safe_phone", "safe_email", "voicemail_allowed", "perpetrator_has_phone_access", "safe_times", "code_word"],
    ),
    ("The alleged perpetrator", ["perpetrator_name", "perpetrator_relationship", "perpetrator_lives_with_victim"]),
    (
        "The referral",
        [
            "source",
            "referrer_name",
            "referrer_organisation",
            "referrer_contact",
            "consent_given",
            "consent_refusal_reason",
            "circumstances",
            "received_at",
        ],
    ),
]
PERSON_FIELDS = [name for _, names in FIELD_SECTIONS for name in names]
