from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms

from kidas.forms import gds_helper, mark_optional
from monitoring import categories as c
from monitoring.models import Engagement, EqualityMonitoring, Hospital, Pathway

# A radio for "not asked", so a wrong answer can be taken back. Its value is not "" so that an unanswered
# question shows nothing chosen (Django would check a "" radio on an empty form): never a pre-selected answer.
NOT_ASKED_CHOICE = ("not_asked", "Not asked")
HINT = "Ask only if it is safe and the survivor is willing. Every question may be left unanswered."


def _ethnicity_choices() -> list[tuple[str, Any]]:
    return [
        ("", "Not asked"),
        *[(heading, rows) for heading, rows in c.ETHNIC_GROUPS],
        (c.PREFER_NOT_TO_SAY, c.PREFER_NOT_TO_SAY_LABEL),
    ]


class EqualityForm(forms.Form):
    """Every question optional; nothing chosen until someone chooses (an unanswered form records nothing asked)."""

    def __init__(self, data: Any = None, *, record: EqualityMonitoring | None = None):
        initial = {q.field: getattr(record, q.field) for q in c.QUESTIONS} if record is not None else {}
        super().__init__(data, initial=initial)
        for q in c.QUESTIONS:
            if q.field == "ethnicity":
                field: forms.Field = forms.ChoiceField(
                    label=q.text,
                    choices=_ethnicity_choices(),
                    required=False,
                    help_text="The categories of the 2021 census of England and Wales.",
                )
            else:
                field = forms.ChoiceField(
                    label=q.text,
                    choices=[*q.choices, NOT_ASKED_CHOICE],
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=q.hint,
                )
            self.fields[q.field] = field
        self.helper = gds_helper(self)
        mark_optional(self)

    def answers(self) -> dict[str, str]:
        """Each question's answer; "" for not asked (left empty, or "Not asked" chosen)."""
        return {
            field: "" if value in ("", None, NOT_ASKED_CHOICE[0]) else str(value)
            for field, value in ((q.field, self.cleaned_data.get(q.field)) for q in c.QUESTIONS)
        }


class PathwayForm(forms.Form):
    pathway = forms.ModelChoiceField(queryset=Pathway.objects.filter(in_use=True), label="Pathway")
    hospital = forms.ModelChoiceField(
        queryset=Hospital.objects.filter(in_use=True),
        required=False,
        label="Hospital",
        help_text="For the hospital IDVA only: the hospital where the survivor was seen.",
    )
    referred_on = DateInputField(label="Referred to the pathway on", help_text="For example, 23 11 2026")
    engagement = forms.ChoiceField(
        choices=[(value, label) for value, label in Engagement.choices if value],
        widget=forms.RadioSelect,
        required=False,
        label="Did the survivor engage?",
        help_text="Leave unanswered until it is known.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        mark_optional(self)
