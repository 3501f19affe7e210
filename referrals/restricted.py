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
    return code_words_of_each([referral])[referral.pk]


def code_words_of_each(referrals: Iterable[Any]) -> dict[Any, tuple[str, ...]]:
    """`code_words_of` for many referrals, by id: the former words of all of them in one query (none for
    those whose corrections a page has already read for its timeline)."""
    from referrals.correction import Correction

    referrals = list(referrals)
    former: dict[Any, list[str]] = {referral.pk: [] for referral in referrals}
    unread = []
    for referral in referrals:
        if is_read(referral, "corrections"):
            former[referral.pk] += [c.old_value for c in referral.corrections.all() if c.field == "code_word"]
        else:
            unread.append(referral.pk)
    if unread:
        corrected = Correction.objects.filter(referral_id__in=unread, field="code_word")
        for referral_id, old_value in corrected.values_list("referral_id", "old_value"):
            former[referral_id].append(old_value)
    words = {}
    for referral in referrals:
        stripped = {word.strip() for word in (referral.code_word, *former[referral.pk]) if word and word.strip()}
        words[referral.pk] = tuple(sorted(stripped, key=lambda word: (-len(word), word)))
    return words


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


def free_text_for(user: Any, referral: Any, words: tuple[str, ...] | None = None) -> Callable[[str], str]:
    """How this user may read the referral's free text (notes, plans, reasons, circumstances): as written
    when they may see the restricted fields, else with the code word masked. The one function every page,
    API and export that shows a case's free text calls, so the rule cannot differ between them. `words` are
    the referral's code words when a list has looked them up already (FreeTextReader)."""
    if words is None:
        words = code_words_of(referral)  # looked up either way, so a page runs the same queries for every reader
    if may_see_restricted(user, referral):
        return lambda text: text
    return lambda text: mask_code_words(text, words)


class FreeTextReader:
    """`free_text_for` for a list that spans many cases (a MARAC agenda, an action list, an export): called
    as `read(referral, text)`. The referrals given to `preload` have their code words looked up together in
    one query; any other is looked up on its own the first time it is read."""

    def __init__(self, user: Any):
        self.user = user
        self.readers: dict[Any, Callable[[str], str]] = {}

    def preload(self, referrals: Iterable[Any]) -> FreeTextReader:
        new = {referral.pk: referral for referral in referrals if referral.pk not in self.readers}
        for pk, words in code_words_of_each(new.values()).items():
            self.readers[pk] = free_text_for(self.user, new[pk], words)
        return self

    def __call__(self, referral: Any, text: str) -> str:
        if not text:  # nothing to mask: no need for her code words
            return ""
        if referral.pk not in self.readers:
            self.readers[referral.pk] = free_text_for(self.user, referral)
        return self.readers[referral.pk](text)


def free_text_reader(user: Any, referrals: Iterable[Any] = ()) -> FreeTextReader:
    """The reader of a list of cases' free text, their code words looked up together (FreeTextReader)."""
    return FreeTextReader(user).preload(referrals)
