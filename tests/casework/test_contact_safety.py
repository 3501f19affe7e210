"""Contact safety as a table: which attempts are refused, whatever the screen or API asks. Pure."""

from __future__ import annotations

import pytest

from casework.contact import SafeContact, contact_refusal

SAFE = SafeContact(
    safe_phone="+447700900111", safe_email="a@example.org", voicemail_allowed=True, perpetrator_has_phone_access=False
)
NO_VOICEMAIL = SafeContact("+447700900111", "a@example.org", False, False)
SHARED_PHONE = SafeContact("+447700900111", "a@example.org", True, True)
NOTHING_SAFE = SafeContact("", "", False, False)
NOT_ASKED = SafeContact("+447700900111", "a@example.org", None, None)
PHONE_ACCESS_NOT_ASKED = SafeContact("+447700900111", "a@example.org", True, None)


@pytest.mark.parametrize(
    ("contact", "method", "outcome", "refused_because"),
    [
        (SAFE, "phone_call", "spoke", None),
        (SAFE, "phone_call", "voicemail_left", None),
        (SAFE, "voicemail", "voicemail_left", None),
        (SAFE, "text_message", "no_answer", None),
        (SAFE, "email", "no_answer", None),
        (NO_VOICEMAIL, "voicemail", "voicemail_left", "voicemail must not be left"),
        (NO_VOICEMAIL, "phone_call", "voicemail_left", "voicemail must not be left"),
        (NO_VOICEMAIL, "phone_call", "no_answer", None),
        (SHARED_PHONE, "voicemail", "voicemail_left", "perpetrator can see"),
        (SHARED_PHONE, "text_message", "no_answer", "perpetrator can see"),
        (SHARED_PHONE, "phone_call", "unsafe_to_talk", None),
        (NOTHING_SAFE, "phone_call", "spoke", "no safe phone"),
        (NOTHING_SAFE, "email", "spoke", "no safe email"),
        (NOTHING_SAFE, "in_person", "spoke", None),
        (SAFE, "email", "voicemail_left", "only be left on a phone call"),
        (NOT_ASKED, "text_message", "no_answer", "nobody has asked"),
        (NOT_ASKED, "voicemail", "voicemail_left", "nobody has asked"),
        (NOT_ASKED, "phone_call", "voicemail_left", "nobody has asked"),
        (NOT_ASKED, "phone_call", "spoke", None),
        (NOT_ASKED, "email", "no_answer", None),
        (PHONE_ACCESS_NOT_ASKED, "text_message", "no_answer", "nobody has asked"),
        (PHONE_ACCESS_NOT_ASKED, "voicemail", "voicemail_left", "nobody has asked"),
    ],
)
def test_unsafe_methods_are_refused(contact, method, outcome, refused_because) -> None:
    refusal = contact_refusal(method, outcome, contact)
    if refused_because is None:
        assert refusal is None
    else:
        assert refusal is not None and refused_because in refusal.lower()
