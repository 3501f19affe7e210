"""The worker's answer to "is this someone already known?" on the new-referral page: the candidates
for the person typed in (asked of the layers above through referrals.events.survivor_candidates_wanted,
which add open cases and MARAC history) and the choice, same person as one of them or a new person.
Nothing is pre-selected: when there are candidates the referral is not saved until the worker chooses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from accounts.models import User
from people.models import Person
from referrals import validation
from referrals.events import survivor_candidates_wanted
from referrals.people_links import SurvivorChoice

NEW_PERSON = "new"
MATCHED_FIELDS = ("first_name", "last_name", "date_of_birth", "postcode", "phone", "safe_email")
CHOICE_NEEDED = "Choose whether this is the same person as someone already known, or a new person"


def typed_person(answers: Mapping[str, Any]) -> dict[str, Any]:
    """What matching compares, from the referral form's cleaned answers (the safe email is the only email)."""
    return {
        "given_name": answers.get("first_name") or "",
        "family_name": answers.get("last_name") or "",
        "date_of_birth": answers.get("date_of_birth"),
        "postcode": answers.get("postcode") or "",
        "phone": answers.get("phone") or "",
        "email": answers.get("safe_email") or "",
    }


def typed_person_of(referral: Any) -> dict[str, Any]:
    """typed_person from a referral already recorded."""
    return typed_person({name: getattr(referral, name) for name in MATCHED_FIELDS})


def typed_person_from_raw(data: Mapping[str, Any]) -> dict[str, Any]:
    """typed_person from a form being filled in (the candidates panel asks while triage types): what
    does not read yet as a date, postcode or phone is left out rather than refused."""
    date_field = forms.DateField()
    answers: dict[str, Any] = {"first_name": data.get("first_name", ""), "last_name": data.get("last_name", "")}
    parts = [data.get(f"date_of_birth_{part}", "") for part in ("0", "1", "2")]
    try:
        answers["date_of_birth"] = date_field.clean("-".join(reversed(parts))) if all(parts) else None
    except forms.ValidationError:
        answers["date_of_birth"] = None
    for name, clean in (("postcode", validation.clean_postcode), ("phone", validation.clean_phone)):
        try:
            answers[name] = clean(data.get(name, ""))
        except forms.ValidationError:
            answers[name] = ""
    answers["safe_email"] = (data.get("safe_email") or "").strip()
    return typed_person(answers)


def survivor_candidates(user: User, typed: Mapping[str, Any]) -> list[Any]:
    """The known people this user may see who may be the one typed in, best first, with what is known."""
    if not any(typed.values()):
        return []
    found: list[Any] = []
    for _receiver, answer in survivor_candidates_wanted.send(sender=Person, user=user, typed=dict(typed)):
        found.extend(answer or [])
    return found


class SurvivorChoiceForm(forms.Form):
    """Same person as one of the candidates, or a new person; required whenever there are candidates."""

    def __init__(self, data: Any, candidates: Sequence[Any], *, shown_choice: str = "") -> None:
        super().__init__(data, initial={"survivor": shown_choice})
        self.candidates = list(candidates)
        self.people = {str(known.candidate.person.pk): known.candidate.person for known in self.candidates}
        self.fields["survivor"] = forms.ChoiceField(
            label="Is this someone already known?",
            choices=[*((pk, pk) for pk in self.people), (NEW_PERSON, "A new person")],
            error_messages={"required": CHOICE_NEEDED, "invalid_choice": CHOICE_NEEDED},
        )

    def chosen_person(self) -> Person | None:
        """The person chosen, or None for a new person (valid forms only)."""
        return self.people.get(self.cleaned_data["survivor"])


def survivor_answer(candidates: Sequence[Any], choice: SurvivorChoiceForm) -> tuple[SurvivorChoice, Person | None]:
    """What the new-referral page tells referral_create: the person chosen, or a new person, explicitly.
    With no candidates the page has already looked and found nobody: she is a new person too, so the
    repeat rule's fallback match never links her behind the worker's back."""
    if not candidates:
        return SurvivorChoice.NEW, None
    person = choice.chosen_person()
    return (SurvivorChoice.EXISTING if person is not None else SurvivorChoice.NEW), person
