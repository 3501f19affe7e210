"""How the referrer hears of the delay, as a table: never an automatic message to a self-referrer (she may
live with the abuser); a partner's account is notified; an email when the referrer's contact is one; otherwise
the page says to telephone."""

from __future__ import annotations

import pytest

from waiting.notice import notice_route


@pytest.mark.parametrize(
    ("self_referral", "partner_email", "contact", "channel", "to", "note_has"),
    [
        (True, None, "her.own@example.org", "none", "", "Self-referral"),
        (True, "pc@police.example.org", "", "none", "", "marked safe"),
        (False, "pc.jones@kent.police.example.org", "", "in_app", "pc.jones@kent.police.example.org", "account"),
        (False, "", "", "in_app", "", "account"),
        (False, None, "DC Smith, smith@kent.police.example.org", "email", "smith@kent.police.example.org", ""),
        (False, None, "01622 000000", "none", "", "telephone them (01622 000000)"),
        (False, None, "", "none", "", "No contact on record"),
        (False, None, "not-an-email@", "none", "", "telephone"),
    ],
)
def test_it_chooses_how_to_tell_the_referrer(
    self_referral: bool, partner_email: str | None, contact: str, channel: str, to: str, note_has: str
) -> None:
    route = notice_route(self_referral=self_referral, partner_user_email=partner_email, referrer_contact=contact)
    assert (route.channel, route.to) == (channel, to)
    assert note_has in route.note
