"""The children's service's forms. Nothing is pre-selected: not the child, not a level, not a score."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms

from accommodation.children_service_models import (
    ChildGoal,
    ChildReferralSource,
    SafeAccommodationKind,
    SessionKind,
)
from accommodation.forms import _GdsForm
from kidas.forms import choice_field, gds_helper
from referrals.household import ChildShown

LEVEL_NAMES = {
    -2: "−2 (much less than expected)",
    -1: "−1 (less than expected)",
    0: "0 (the expected outcome)",
    1: "+1 (more than expected)",
    2: "+2 (much more than expected)",
}
SIGNED = {-2: "−2", -1: "−1", 0: "0", 1: "+1", 2: "+2"}


def level_label(level: int) -> str:
    return f"What {LEVEL_NAMES[level]} looks like"


class ChildReferralForm(_GdsForm):
    child = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="Which child is referred?")
    source = forms.ChoiceField(
        choices=ChildReferralSource.choices, widget=forms.RadioSelect, label="Who refers the child?"
    )
    accommodation_kind = forms.ChoiceField(
        choices=[("", "Not from a safe-accommodation case"), *SafeAccommodationKind.choices],
        required=False,
        label="The safe accommodation the child lives in",
    )
    referrer_name = forms.CharField(required=False, max_length=120, label="Referring professional's name")
    referrer_agency = forms.CharField(required=False, max_length=120, label="Referring professional's agency")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why the child is referred")

    def __init__(self, *args: Any, children: Iterable[ChildShown], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choice_field(self, "child").choices = [(child.person_id, child.label) for child in children]
        self.helper = gds_helper(self)


class ChildStartForm(_GdsForm):
    started_on = DateInputField(label="The work with the child started on", help_text="For example, 7 9 2026")


class ChildGoalForm(_GdsForm):
    title = forms.CharField(max_length=200, label="The goal, in the child's words")
    level_minus_2 = forms.CharField(max_length=300, label=level_label(-2))
    level_minus_1 = forms.CharField(max_length=300, label=level_label(-1))
    level_0 = forms.CharField(max_length=300, label=level_label(0))
    level_plus_1 = forms.CharField(max_length=300, label=level_label(1))
    level_plus_2 = forms.CharField(max_length=300, label=level_label(2))
    baseline = forms.TypedChoiceField(
        coerce=int,
        choices=list(LEVEL_NAMES.items()),
        widget=forms.RadioSelect,
        label="Where the child is now (usually −1 or −2)",
    )
    weight = forms.IntegerField(
        min_value=1, max_value=10, required=False, label="Weight (optional)", help_text="Leave empty to weigh 1."
    )

    def levels(self) -> dict[int, str]:
        d = self.cleaned_data
        fields = ("level_minus_2", "level_minus_1", "level_0", "level_plus_1", "level_plus_2")
        return {level: d[field] for level, field in zip(range(-2, 3), fields, strict=True)}


class ChildSessionForm(_GdsForm):
    kind = forms.ChoiceField(choices=SessionKind.choices, widget=forms.RadioSelect, label="Kind of session")
    held_on = DateInputField(label="Date", help_text="For example, 14 9 2026")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Notes")


class ChildScoresForm(_GdsForm):
    """One question per goal, its five levels in the words set with the child; none chosen until the worker
    chooses."""

    scored_on = DateInputField(label="Scored on", help_text="For example, 30 11 2026")

    def __init__(self, *args: Any, goals: Iterable[ChildGoal], **kwargs: Any):
        self.goals = list(goals)
        super().__init__(*args, **kwargs)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.TypedChoiceField(
                coerce=int,
                widget=forms.RadioSelect,
                label=goal.title,
                choices=[(level, f"{SIGNED[level]}: {goal.level_text(level)}") for level in range(-2, 3)],
                error_messages={"required": f"Score “{goal.title}”."},
            )
        self.helper = gds_helper(self)

    def scores(self) -> dict[int, int]:
        return {goal.pk: self.cleaned_data[f"goal_{goal.pk}"] for goal in self.goals}


CLOSING_CHOICES = [
    ("decline", "Declined (not started)"),
    ("withdraw", "Withdrawn by the referrer (not started)"),
    ("close_early", "Closed early (the work had started)"),
]


class ChildCloseForm(_GdsForm):
    move = forms.ChoiceField(choices=CLOSING_CHOICES, widget=forms.RadioSelect, label="How the case ends")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why")
