"""Restricted fields: where a person can be reached safely, and where a refuge is. One home for the
rule of who may see them (`may_see_restricted`); pages, the API and exports all ask it.

Who may see them, and why:
- staff of the organisation supporting the person (the provider the case is with, once it has
  accepted it and while support is open): they make the contact;
- the triage team while the referral is with triage (received, assessed, waiting for manual routing,
  or sent back): triage completes the risk assessment with the person and must reach them safely;
- nobody else: not MARAC coordinators or partner agencies (MARAC shares risk, not contact routes),
  not commissioners, not another provider, not triage once the case has gone to a provider, and not
  administrators on the ordinary pages (they see the data only in a subject access export, which is
  itself audited).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from kidas.db.read_once import is_read
from referrals.policies import may_see_restricted

# The person's safe-contact details and their address ("safe address": where they now live may be a refuge).
RESTRICTED_REFERRAL_FIELDS: tuple[str, ...] = (
    "safe_phone",
    "safe_email",
    "safe_times",
    "code_word",
    "address_line_1",
    "address_line_2",
)
# The referral's own free text, where a referrer or worker may have written the code word.
REFERRAL_FREE_TEXT_FIELDS: tuple[str, ...] = (
    "circumstances",
    "consent_refusal_reason",
    "disabilities",
    "last_decline_reason",
)
# Every name under which restricted values travel: scrubbed from error reports and kept out of exports.
RESTRICTED_NAMES: tuple[str, ...] = (*RESTRICTED_REFERRAL_FIELDS, "confidential_address")

HIDDEN = "Restricted"
# What a code word typed into free text (a note, a safety plan, a closure note) becomes for anyone who
# may not see the restricted fields.
CODE_WORD_MASK = "[code word]"


def code_words_of(referral: Any) -> tuple[str, ...]:
    """The referral's code word and every code word it had before a correction: text written while an
    old word was in force must stay masked after the word changes. Longest first, so a word that
    contains another is masked whole."""
    from referrals.correction import Correction

    if is_read(referral, "corrections"):  # the referral's page has read its corrections for the timeline
        former: Iterable[str] = [c.old_value for c in referral.corrections.all() if c.field == "code_word"]
    else:
        former = Correction.objects.filter(referral_id=referral.pk, field="code_word").values_list(
            "old_value", flat=True
        )
    words = {word.strip() for word in (referral.code_word, *former) if word and word.strip()}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


def _code_word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = "|".join(re.escape(word) for word in words)
    # Whole words only, in any case: "Bluebell" and "BLUEBELL" are the code word, "bluebells" is not.
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if alternatives else None


def contains_code_word(text: str, referral: Any) -> bool:
    """True when free text about to be saved names the referral's code word."""
    pattern = _code_word_pattern(code_words_of(referral))
    return bool(pattern and text and pattern.search(text))


def mask_code_words(text: str, words: Iterable[str]) -> str:
    pattern = _code_word_pattern(words)
    return pattern.sub(CODE_WORD_MASK, text) if pattern and text else text


def free_text_for(user: Any, referral: Any) -> Callable[[str], str]:
    """How this user may read the referral's free text (notes, plans, reasons, circumstances): as written
    when they may see the restricted fields, else with the code word masked. The one function every page,
    API and export that shows a case's free text calls, so the rule cannot differ between them."""
    words = code_words_of(referral)  # looked up either way, so a page runs the same queries for every reader
    if may_see_restricted(user, referral):
        return lambda text: text
    return lambda text: mask_code_words(text, words)


def free_text_reader(user: Any) -> Callable[[Any, str], str]:
    """`free_text_for` for a list that spans many cases (a MARAC agenda, an action list, an export):
    each case's code words are looked up once."""
    readers: dict[Any, Callable[[str], str]] = {}

    def read(referral: Any, text: str) -> str:
        if referral.pk not in readers:
            readers[referral.pk] = free_text_for(user, referral)
        return readers[referral.pk](text or "")

    return read
