from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms

from accommodation.models import REFUGE_ANSWERS, MoveOnDestination, UnsuitableReason
from casework.models import Refuge
from kidas.forms import gds_helper

# Yes or no with nothing chosen until the user chooses (never a pre-selected answer).
YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, **kwargs
    )


class _GdsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.form_tag = False


class HouseholdFilterForm(_GdsForm):
    """The vacancy board's filter: leave it empty to see every free place."""

    adults = forms.IntegerField(min_value=1, max_value=6, required=False, label="Adults")
    children = forms.IntegerField(min_value=0, max_value=12, required=False, label="Children")
    male_survivor = forms.BooleanField(required=False, label="The survivor is a man")
    needs_wheelchair_access = forms.BooleanField(required=False, label="Needs wheelchair access")


class RefugeRequestForm(_GdsForm):
    refuge = forms.ModelChoiceField(queryset=Refuge.objects.select_related("provider"), label="Refuge")
    out_of_area = yes_no("Is the refuge outside the survivor's own area?")
    adults = forms.IntegerField(min_value=1, max_value=6, label="Adults in the household")
    children = forms.IntegerField(min_value=0, max_value=12, label="Children in the household")
    children_ages = forms.CharField(required=False, max_length=100, label="Children's ages")
    needs_wheelchair_access = yes_no("Does anyone in the household need wheelchair access?")
    needs = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Support needs")


class RefugeAnswerForm(_GdsForm):
    outcome = forms.ChoiceField(
        choices=REFUGE_ANSWERS,
        widget=forms.RadioSelect,
        label="The refuge's answer",
    )
    unsuitable_reason = forms.ChoiceField(
        choices=[("", "Not applicable"), *UnsuitableReason.choices], required=False, label="Why not suitable"
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note")


class RefugeDeclineForm(_GdsForm):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why the survivor declined the place")


class RefugeLeavingForm(_GdsForm):
    left_on = DateInputField(label="Left on", help_text="For example, 23 11 2026")
    planned = yes_no("Was it a planned move-on?")
    destination = forms.ChoiceField(choices=[("", ""), *MoveOnDestination.choices], label="Moved on to")
