"""What referrals tells the rest of the system, as events (Django signals).

Referrals sits below casework, MARAC and service levels (ARCHITECTURE.md): it never imports them.
Those apps react to these events through receivers they connect in their AppConfig.ready().

Every event is sent inside the transaction of the change it reports, and receivers run synchronously
in it (`send`, not `send_robust`): a receiver that fails rolls the whole change back, so a referral
never moves without its clocks and MARAC records. A receiver with an effect outside the database
(an email, a task) defers it with `transaction.on_commit`.
"""

from __future__ import annotations

from enum import StrEnum

from django.dispatch import Signal

# A referral changed state: sent by referrals.services.apply_move after the StateChange row is written,
# and by referral_create for the first state (move "receive", from_state "").
# Keyword arguments: referral, move, from_state, to_state, at (when), user (None for unsigned channels), reason.
referral_state_changed = Signal()


class TriageNews(StrEnum):
    """What triage did to a referral that the MARACs holding it must hear about."""

    STEPPED_DOWN = "stepped_down"
    CLOSED = "closed"


# Triage stepped a referral's risk down or closed it (a withdrawal is a state change: marac hears of it there). Keyword arguments: referral, user, news
# (a TriageNews), text (what the coordinators read). Sent after the move, in its transaction.
triage_news = Signal()

# Routing found a referral at high risk: it must be listed at its district's MARAC (or keep the open
# listing it has). Keyword arguments: referral, user, assessment. A receiver answers with the name of
# the MARAC the referral is listed at, or None when no MARAC covers the district.
high_risk_referral_routed = Signal()

# Routing placed a referral below high risk. MARAC lists it anyway when its survivor and an alleged perpetrator
# were referred to a MARAC within the repeat window (the repeat rule, marac.rules.pair_repeat). Keyword
# arguments: referral, user, assessment. A receiver answers with the name of the MARAC the referral is listed
# at, or None.
referral_routed = Signal()

# The new-referral page asks who the person being typed in may already be, before anything is saved.
# Keyword arguments: user, typed (given_name, family_name, date_of_birth, postcode, phone, email, as
# people.matching.candidates_for takes them). A receiver answers with the candidates the user may see,
# best first, each with what is known of them (intake.people.KnownPerson); no receiver, no candidates.
survivor_candidates_wanted = Signal()
