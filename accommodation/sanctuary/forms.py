from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms

from accommodation.forms import _GdsForm
from accommodation.sanctuary.models import Answer, Tenure
from accommodation.sanctuary.selectors import measures_offered
from providers.models import Organisation

OUTCOMES = [("declined", "The survivor declined"), ("withdrawn", "Withdrawn")]


def radios(label: str, choices: Any, **kwargs: Any) -> forms.ChoiceField:
    """Nothing chosen until the user chooses: a safety answer is never pre-selected."""
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class SanctuaryReferralForm(_GdsForm):
    provider = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PROVIDER),
        label="Provider delivering the sanctuary scheme",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note for the scheme")


class EligibilityForm(_GdsForm):
    perpetrator_lives_there = radios("Does the perpetrator live at the property?", Answer.choices)
    tenure = radios("The survivor's tenure", Tenure.choices)
    consent = radios("Does the survivor consent to the assessment and the measures?", Answer.choices)


class AssessmentForm(_GdsForm):
    assessed_on = DateInputField(label="Assessed on", help_text="For example, 23 11 2026")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Assessment notes")


class InstallationForm(_GdsForm):
    installed_on = DateInputField(
        label="Installed on", help_text="The day of the assessment if both were done in one visit"
    )
    measures = forms.ModelMultipleChoiceField(
        queryset=measures_offered(), widget=forms.CheckboxSelectMultiple, label="Measures installed"
    )


class CompletionForm(_GdsForm):
    completed_on = DateInputField(label="Completed on")


class EndForm(_GdsForm):
    outcome = radios("What happened", OUTCOMES)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why")
