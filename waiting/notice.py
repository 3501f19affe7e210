"""How the referrer hears that a referral waits. Pure, no database: table tests in
tests/waiting/test_delay_notice.py.

- A self-referral: the referrer is the survivor, who may live with the abuser. Nothing is sent
  automatically: the provider tells her by a contact method marked safe.
- A partner's referral made by a signed-in partner user: an in-app notification, and an email to the
  account's address when it has one.
- Otherwise an email to the referrer's contact when it is an email address; when it is not (a phone number,
  nothing), nothing is sent and the page says to telephone them."""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class NoticeRoute:
    channel: str  # waiting.models.NoticeChannel
    to: str
    note: str


def notice_route(*, self_referral: bool, partner_user_email: str | None, referrer_contact: str) -> NoticeRoute:
    """`partner_user_email`: None when no partner account made the referral, "" when it has no address."""
    if self_referral:
        return NoticeRoute(
            "none", "", "Self-referral: nothing sent. Tell her of the wait yourself, by a contact method marked safe."
        )
    if partner_user_email is not None:
        return NoticeRoute("in_app", partner_user_email, "The partner's account is notified.")
    found = EMAIL.search(referrer_contact or "")
    if found:
        return NoticeRoute("email", found.group(0), "")
    contact = (referrer_contact or "").strip()
    return NoticeRoute(
        "none",
        "",
        f"No email on record for the referrer: telephone them ({contact})."
        if contact
        else "No contact on record for the referrer.",
    )
