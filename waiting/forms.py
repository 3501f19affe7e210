from __future__ import annotations

from typing import Any

from django import forms

from kidas.forms import gds_helper
from providers.models import Organisation, Service
from waiting.priority import choices_with_meanings


class _GdsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.form_tag = False


def priority_field() -> forms.ChoiceField:
    # Radios with nothing chosen until the worker chooses: a priority is never pre-selected.
    return forms.ChoiceField(
        choices=choices_with_meanings(),
        widget=forms.RadioSelect,
        label="Priority",
        error_messages={"required": "Choose a priority: A, B or C."},
    )


def priority_reason_field() -> forms.CharField:
    return forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why it waits below A (needed for a high-risk referral)",
    )


class WaitingAddForm(_GdsForm):
    priority = priority_field()
    priority_reason = priority_reason_field()
    why = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why it cannot be taken on now",
        error_messages={"required": "Say why it cannot be taken on now."},
    )


class PriorityForm(_GdsForm):
    priority = priority_field()
    priority_reason = priority_reason_field()


class WithdrawForm(_GdsForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why it leaves the waiting list (the referral goes back to triage with this reason)",
        error_messages={"required": "Say why it leaves the waiting list."},
    )


class CapacityForm(_GdsForm):
    service = forms.ModelChoiceField(queryset=Service.objects.all(), label="Service")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why it has no capacity")

    def __init__(self, *args: Any, administrator: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if administrator:
            self.fields["provider"] = forms.ModelChoiceField(
                queryset=Organisation.objects.filter(provides_support=True), label="Provider"
            )
