from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms

from kidas.forms import gds_helper, model_choice_field
from marac.models import ActionStatus, AgencyType, MaracMeeting
from providers.models import Organisation


class MeetingChoiceField(forms.ModelChoiceField):
    """A meeting, named by its day: "Tuesday 3 March 2026"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.held_on:%A %-d %B %Y}"


class GdsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class MeetingDetailsForm(GdsForm):
    starts_at = forms.TimeField(
        label="Start time (optional)",
        required=False,
        help_text="Use the 24-hour clock, for example, 10:00 or 14:30",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the start time like 10:00 or 14:30"},
    )
    venue = forms.CharField(label="Venue (optional)", max_length=200, required=False)
    chair = forms.CharField(
        label="Chair (optional)", max_length=120, required=False, help_text="Name and role, for example, DI Sam Patel"
    )


class MeetingForm(MeetingDetailsForm):
    held_on = DateInputField(label="Meeting date", help_text="For example, 1 12 2026")

    field_order = ["held_on", "starts_at", "venue", "chair"]


class AddToAgendaForm(GdsForm):
    meeting = MeetingChoiceField(
        queryset=MaracMeeting.objects.none(),
        label="Add to the agenda of the meeting on",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the meeting"},
    )

    def __init__(self, *args: Any, coming: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "meeting").queryset = coming


class TakeOffForm(GdsForm):
    reason = forms.CharField(label="Why is the case taken off the agenda?", widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(GdsForm):
    to_meeting = MeetingChoiceField(queryset=MaracMeeting.objects.none(), label="Move to the meeting on")
    reason = forms.CharField(label="Why is the case moved?", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, later: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "to_meeting").queryset = later


class ResearchForm(GdsForm):
    agency = forms.ChoiceField(choices=AgencyType.choices, label="Agency")
    text = forms.CharField(label="What your agency's records show", widget=forms.Textarea(attrs={"rows": 4}))


class ActionForm(GdsForm):
    meeting = MeetingChoiceField(queryset=MaracMeeting.objects.none(), label="Agreed at the meeting on")
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.COMMISSIONER),
        label="Owning agency",
        required=False,
        empty_label="Choose an agency",
    )
    person = forms.CharField(label="Named person", max_length=120, required=False)
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    due_on = DateInputField(label="Due date", required=False, help_text="For example, 15 12 2026")

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "meeting").queryset = meetings
        first_two = list(meetings[:2])  # one read, not a count and then the first
        if len(first_two) == 1:
            self.fields["meeting"].initial = first_two[0]


class ActionStatusForm(GdsForm):
    status = forms.ChoiceField(
        choices=[c for c in ActionStatus.choices if c[0] != ActionStatus.OPEN],
        widget=forms.RadioSelect,
        label="What happened?",
    )
    reason = forms.CharField(label="Why (needed unless done)", widget=forms.Textarea(attrs={"rows": 2}), required=False)
