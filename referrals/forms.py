from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from providers.models import District, Organisation, Service
from providers.selectors import district_choices
from referrals import validation
from referrals.fields import PERSON_FIELDS
from referrals.models import ChecklistVersion, Gender, Referral, Relationship
from referrals.risk import Answer, RiskLevel

YES_NO = [("yes", "Yes"), ("no", "No")]


def _helper(form: forms.BaseForm) -> FormHelper:
    helper = FormHelper(form)
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def _to_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ReferralForm(forms.ModelForm):
    date_of_birth = DateInputField(label="Date of birth", help_text="For example, 27 3 1985")
    district = forms.ModelChoiceField(
        queryset=District.objects.all(), required=False, empty_label="Not known or outside Kent"
    )
    consent_given = forms.TypedChoiceField(
        label="Does the person consent to the referral?", choices=YES_NO, coerce=_to_bool, widget=forms.RadioSelect
    )
    voicemail_allowed = forms.TypedChoiceField(
        label="Is it safe to leave a voicemail?",
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        initial="no",
    )
    perpetrator_has_phone_access = forms.TypedChoiceField(
        label="Can the alleged perpetrator see or use the person's phone?",
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        initial="no",
    )
    perpetrator_lives_with_victim = forms.TypedChoiceField(
        label="Does the alleged perpetrator live with the person?",
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        initial="no",
    )
    interpreter_needed = forms.TypedChoiceField(
        label="Is an interpreter needed?", choices=YES_NO, coerce=_to_bool, widget=forms.RadioSelect, initial="no"
    )

    class Meta:
        model = Referral
        fields = [f for f in PERSON_FIELDS if f != "received_at"]
        labels = {
            "phone": "Phone number on record",
            "safe_phone": "Safe phone number",
            "safe_email": "Safe email address",
            "safe_times": "When is it safe to make contact?",
            "code_word": "Code word",
            "perpetrator_name": "Alleged perpetrator's name",
            "perpetrator_relationship": "Relationship to the person",
            "source": "Referral source",
            "consent_refusal_reason": "If no, why not?",
            "circumstances": "Circumstances",
        }
        widgets = {
            "gender": forms.RadioSelect,
            "perpetrator_relationship": forms.RadioSelect,
            "disabilities": forms.Textarea(attrs={"rows": 2}),
            "consent_refusal_reason": forms.Textarea(attrs={"rows": 2}),
            "circumstances": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Radios need no "---------" choice: a required radio group simply starts unselected.
        for name, choices in (("gender", Gender.choices), ("perpetrator_relationship", Relationship.choices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        self.helper = _helper(self)

    def clean_date_of_birth(self) -> Any:
        return validation.clean_date_of_birth(self.cleaned_data["date_of_birth"])

    def clean_postcode(self) -> str:
        return validation.clean_postcode(self.cleaned_data.get("postcode", ""))

    def clean_phone(self) -> str:
        return validation.clean_phone(self.cleaned_data.get("phone", ""))

    def clean_safe_phone(self) -> str:
        return validation.clean_phone(self.cleaned_data.get("safe_phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        errors = validation.consent_errors(data.get("consent_given"), data.get("consent_refusal_reason", ""))
        errors |= validation.safe_contact_errors(data)
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class ChildForm(forms.Form):
    first_name = forms.CharField(label="Child's first name", max_length=80, required=False)
    date_of_birth = forms.DateField(
        label="Child's date of birth",
        required=False,
        help_text="For example, 23/11/2019",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self)

    def clean_date_of_birth(self) -> Any:
        value = self.cleaned_data.get("date_of_birth")
        return validation.clean_date_of_birth(value) if value else value


ChildFormSet = forms.formset_factory(ChildForm, extra=3, max_num=12)


def children_from(formset: forms.BaseFormSet) -> list[Any]:
    """The filled-in rows of a valid children formset, as the services take them; empty rows are skipped."""
    from referrals.services import ChildData

    return [
        ChildData(first_name=row["first_name"], date_of_birth=row.get("date_of_birth"))
        for row in formset.cleaned_data
        if row and row.get("first_name")
    ]


class RiskAssessmentForm(forms.Form):
    """The checklist of one version: a yes / no / not known question per topic."""

    judgement_level = forms.ChoiceField(
        label="Professional judgement (optional)",
        choices=[("", "No judgement recorded"), *RiskLevel.choices],
        required=False,
        help_text="Judgement can raise the level. It cannot lower a level reached on the score or by escalation.",
    )
    judgement_reason = forms.CharField(
        label="Reason for your judgement", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    police_callouts = forms.CharField(
        label="Dates of police call-outs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One date a line, for example 23/11/2026",
    )
    honour_based_abuse = forms.TypedChoiceField(
        label="Is there honour-based abuse or a risk of forced marriage?",
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        initial="no",
    )

    def __init__(self, *args: Any, checklist: ChecklistVersion, current_level: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        if current_level:  # a reassessment: a lower level than now needs a reason
            self.fields["step_down_reason"] = forms.CharField(
                label="If the risk is now lower, why?",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=(
                    f"Needed when this assessment gives a lower level than the {RiskLevel(current_level).label.lower()} "
                    "risk recorded now. The reason is kept with the case; on an open case, a manager approves "
                    "the step-down before it takes effect."
                ),
            )
        self.questions = list(checklist.questions.all())
        for question in self.questions:
            self.fields[f"q_{question.key}"] = forms.ChoiceField(
                label=f"{question.position}. {question.text}",
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer question {question.position}: yes, no or not known"},
            )
        self.order_fields([f"q_{q.key}" for q in self.questions])
        self.helper = _helper(self)

    def clean_police_callouts(self) -> list[Any]:
        return validation.parse_callout_lines(self.cleaned_data.get("police_callouts", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in validation.judgement_errors(
            data.get("judgement_level", ""), data.get("judgement_reason", "")
        ).items():
            self.add_error(field, message)
        return data

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data[f"q_{q.key}"] for q in self.questions}

    def step_down_reason(self) -> str:
        return str(self.cleaned_data.get("step_down_reason") or "")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if not required:
            self.fields["reason"].label = "Note (optional)"
        self.helper = _helper(self)


class AcceptForm(ReasonForm):
    worker: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Allocate to", help_text="The worker who will make contact and support the person"
    )

    def __init__(self, *args: Any, provider_id: int | None, default_worker_id: int | None = None, **kwargs: Any):
        super().__init__(*args, required=False, **kwargs)
        from accounts.models import Role, User

        worker_field = self.fields["worker"]
        assert isinstance(worker_field, forms.ModelChoiceField)
        worker_field.queryset = User.objects.filter(
            organisation__pk=provider_id or 0, role__in=(Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER), is_active=True
        ).order_by("last_name", "first_name")
        worker_field.initial = default_worker_id
        self.order_fields(["worker", "reason"])


class DuplicateForm(ReasonForm):
    duplicate_of = forms.CharField(label="Reference of the earlier referral", help_text="For example, R0000123")

    def clean_duplicate_of(self) -> int:
        raw = self.cleaned_data["duplicate_of"].strip().upper().lstrip("R")
        if not raw.isdigit():
            raise ValidationError("Enter a referral reference like R0000123")
        return int(raw)


class ManualRouteForm(ReasonForm):
    provider = forms.ModelChoiceField(queryset=Organisation.objects.filter(provides_support=True))
    service = forms.ModelChoiceField(queryset=Service.objects.all())


class TriageFilterForm(forms.Form):
    state = forms.ChoiceField(required=False, label="Status")
    risk_level = forms.ChoiceField(required=False, label="Risk", choices=[("", "Any risk"), *RiskLevel.choices])
    district = forms.ModelChoiceField(required=False, queryset=District.objects.all(), empty_label="Any district")

    def __init__(self, *args: Any, states: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        state_field = self.fields["state"]
        assert isinstance(state_field, forms.ChoiceField)
        state_field.choices = [("", "Any status"), *states]
        # Shown from the cached reference list; a chosen district is still checked against the table.
        self.fields["district"].choices = [("", "Any district"), *district_choices()]  # type: ignore[attr-defined]
