from __future__ import annotations

from datetime import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.utils import timezone

from casework.contact import Method, Outcome
from casework.models import OUTCOME_MEASURES, ClosureReason, OutcomeAnswer, RefugePlace
from kidas.forms import gds_helper, model_choice_field
from providers.models import Service


class _GdsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class FreeTextForm(_GdsForm):
    """A form whose free text may name the person's code word: the service refuses it until the worker
    confirms, and only then is the confirmation box shown (casework.services.CONFIRM_CODE_WORD)."""

    confirm_code_word = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label="I confirm the code word should be recorded here",
    )

    def ask_to_confirm_code_word(self) -> None:
        self.fields["confirm_code_word"].widget = forms.CheckboxInput()
        self.order_fields([name for name in self.fields if name != "confirm_code_word"])  # the box comes last
        self.helper = gds_helper(self)


class ContactAttemptForm(FreeTextForm):
    method = forms.ChoiceField(
        choices=Method.choices, widget=forms.RadioSelect, label="How did you try to make contact?"
    )
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="What happened?")
    attempted_at = forms.DateTimeField(
        label="When",
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="For example, 23/11/2026 14:30. Leave empty for now.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Notes (optional)")
    outside_safe_times_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="If this is outside the safe times, why?",
        help_text="Needed only when the time is outside the safe times shown above, or they cannot be checked.",
    )

    def clean_attempted_at(self) -> datetime | None:
        value = self.cleaned_data.get("attempted_at")
        if value and value > timezone.now():
            raise forms.ValidationError("A contact attempt cannot be in the future")
        return value


class NoteForm(FreeTextForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Note")


class SupportStartForm(_GdsForm):
    service = forms.ModelChoiceField(queryset=Service.objects.all())
    started_on = DateInputField(label="Started on", help_text="For example, 23 11 2026")
    refuge_place = forms.ModelChoiceField(
        queryset=RefugePlace.objects.none(),
        required=False,
        label="Refuge place",
        help_text="For refuge only: places free from that night",
        empty_label="Not a refuge service",
    )

    def __init__(self, *args: Any, places: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "refuge_place").queryset = places


class SupportEndForm(_GdsForm):
    ended_on = DateInputField(label="Ended on", help_text="For example, 23 11 2026")


class SafetyPlanForm(FreeTextForm):
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label="Safety plan")
    review_on = DateInputField(label="Review by", help_text="For example, 23 12 2026")


class ClosureForm(FreeTextForm):
    reason = forms.ChoiceField(
        choices=ClosureReason.choices, widget=forms.RadioSelect, label="Why is the case closing?"
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Notes")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key, question in OUTCOME_MEASURES.items():
            self.fields[f"outcome_{key}"] = forms.ChoiceField(
                label=question,
                choices=OutcomeAnswer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"{question} Answer yes, no or not asked"},
            )
        self.helper = gds_helper(self)

    def outcomes(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"outcome_{key}"] for key in OUTCOME_MEASURES}


class StepDownDecisionForm(_GdsForm):
    decision = forms.ChoiceField(
        label="Do you approve the step-down?",
        choices=[
            ("approve", "Approve: the case takes the lower level"),
            ("refuse", "Refuse: the case keeps its level"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or refuse"},
    )
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why: the worker and the case history show your reason"},
    )
