from __future__ import annotations

from typing import Any, Self

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError

from kidas.forms import choice_field, gds_helper, mark_optional, model_choice_field
from providers.models import District, Organisation, Service
from providers.selectors import district_choices, district_for_postcode
from referrals import validation
from referrals.fields import FIELD_SECTIONS, PERSON_FIELDS
from referrals.models import ChecklistQuestion, ChecklistVersion, Referral
from referrals.risk import Answer, RiskLevel

YES_NO = [("yes", "Yes"), ("no", "No")]

# Each question's answers, listed once: an enum's `choices` is worked out afresh on every read (25 a page).
ANSWERS = Answer.choices


def _to_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def safety_question(label: str, *, help_text: str = "") -> forms.TypedChoiceField:
    """A yes / no question about safety. Nothing is pre-selected: left unanswered it is recorded as
    not asked (None), which every use of it treats as unsafe."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=_to_bool,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text or "Leave unanswered if it was not asked: it is then treated as unsafe.",
    )


SAFETY_QUESTIONS = ("voicemail_allowed", "perpetrator_has_phone_access", "perpetrator_lives_with_victim")
CHILDREN_SECTION = "Children in the household"

# What to do when a required answer is missing, in GOV.UK words.
REQUIRED_MESSAGES = {
    "first_name": "Enter the person's first name",
    "last_name": "Enter the person's last name",
    "date_of_birth": "Enter the person's date of birth",
    "gender": "Select the person's gender",
    "language": "Enter the person's preferred language",
    "interpreter_needed": "Select whether an interpreter is needed",
    "perpetrator_relationship": "Select the alleged perpetrator's relationship to the person",
    "source": "Select where the referral came from",
    "consent_given": "Select whether the person consents to the referral",
}


class ReferralForm(forms.ModelForm):
    date_of_birth = DateInputField(label="Date of birth", help_text="For example, 27 3 1985")
    district = forms.ModelChoiceField(
        queryset=District.objects.all(), required=False, empty_label="Not known or outside Kent"
    )
    consent_given = forms.TypedChoiceField(
        label="Does the person consent to the referral?", choices=YES_NO, coerce=_to_bool, widget=forms.RadioSelect
    )
    voicemail_allowed = safety_question("Is it safe to leave a voicemail?")
    perpetrator_has_phone_access = safety_question("Can the alleged perpetrator see or use the person's phone?")
    perpetrator_lives_with_victim = safety_question("Does the alleged perpetrator live with the person?")
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

    district_worked_out = forms.BooleanField(required=False, widget=forms.HiddenInput)
    children_section = CHILDREN_SECTION

    # The page's sections, in order; CHILDREN_SECTION is where the children formset goes.
    SECTIONS: list[tuple[str, list[str]]] = [
        *FIELD_SECTIONS[:-1],
        (CHILDREN_SECTION, []),
        ("The referral", []),  # the rest: source, referrer, consent, circumstances
    ]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        # Left unmarked: a reason needed only after a "no", and the safety questions (asked every time).
        mark_optional(self, except_for=("consent_refusal_reason", *SAFETY_QUESTIONS))
        self.district_to_check: District | None = None
        self.district_was_worked_out = False
        self.helper = gds_helper(self)

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(legend, fields) of each section; a field no section names goes into the last one."""
        named = {name for _, names in self.SECTIONS for name in names}
        rest = [name for name in self.fields if name not in named]
        return [
            (
                legend,
                [self[name] for name in (names or (rest if legend != CHILDREN_SECTION else [])) if name in self.fields],
            )
            for legend, names in self.SECTIONS
        ]

    def referral_data(self) -> dict[str, Any]:
        """The cleaned answers the referral is recorded with (not the page's own hidden fields)."""
        return {name: value for name, value in self.cleaned_data.items() if name in (self._meta.fields or ())}

    def with_district_worked_out(self) -> Self:
        """The same answers with the district worked out from the postcode, shown for the worker to
        check and save again (never chosen silently)."""
        if self.district_to_check is None:
            raise ValueError("No district was worked out from the postcode")
        data = {key: self.data.get(key) for key in self.data}  # one value each: the form has no multiple choice
        data["district"] = str(self.district_to_check.pk)
        data["district_worked_out"] = "on"
        checked = type(self)(data)
        checked.district_was_worked_out = True
        checked.fields[
            "district"
        ].help_text = f"Worked out from the postcode {self.cleaned_data['postcode']}. Change it if it is wrong."
        return checked

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
            if field not in self.errors:  # a field already refused (say, left empty) is not listed twice
                self.add_error(field, message)
        if not data.get("district") and data.get("postcode") and not data.get("district_worked_out"):
            self.district_to_check = district_for_postcode(data["postcode"])
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
        mark_optional(self)
        # In the page's error summary, say which child an error is about.
        row = (self.prefix or "").rsplit("-", 1)[-1]
        self.summary_prefix = f"Child {int(row) + 1}: " if row.isdigit() else ""
        self.helper = gds_helper(self)

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


CHECKLIST_GROUP_SIZE = 5


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
    # Asked every time, never pre-selected: a "no" nobody gave would hide the flag for judgement.
    honour_based_abuse = forms.TypedChoiceField(
        label="Is there honour-based abuse or a risk of forced marriage?",
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether there is honour-based abuse or a risk of forced marriage"},
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
                choices=ANSWERS,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer question {question.position}: yes, no or not known"},
            )
        self.order_fields([f"q_{q.key}" for q in self.questions])
        self.helper = gds_helper(self)

    def question_groups(self) -> list[tuple[str, list[tuple[forms.BoundField, ChecklistQuestion]]]]:
        """The questions in short numbered groups, each shown as one fieldset of compact rows."""
        rows = [(self[f"q_{q.key}"], q) for q in self.questions]
        groups = []
        for start in range(0, len(rows), CHECKLIST_GROUP_SIZE):
            chunk = rows[start : start + CHECKLIST_GROUP_SIZE]
            groups.append((f"Questions {chunk[0][1].position} to {chunk[-1][1].position}", chunk))
        return groups

    def other_fields(self) -> list[forms.BoundField]:
        """Everything after the questions: honour-based abuse, call-outs, judgement."""
        return [self[name] for name in self.fields if not name.startswith("q_")]

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
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the reason"}
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if not required:
            self.fields["reason"].label = "Note (optional)"
        self.helper = gds_helper(self)


class AcceptForm(ReasonForm):
    worker: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label="Allocate to",
        help_text="The worker who will make contact and support the person",
        error_messages={"required": "Select the worker who will support the person"},
    )

    def __init__(self, *args: Any, provider_id: int | None, default_worker_id: int | None = None, **kwargs: Any):
        super().__init__(*args, required=False, **kwargs)
        from accounts.models import Role, User

        worker_field = model_choice_field(self, "worker")
        worker_field.queryset = User.objects.filter(
            organisation__pk=provider_id or 0, role__in=(Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER), is_active=True
        ).order_by("last_name", "first_name")
        worker_field.initial = default_worker_id
        self.order_fields(["worker", "reason"])


class DuplicateForm(ReasonForm):
    duplicate_of = forms.CharField(
        label="Reference of the earlier referral",
        help_text="For example, R0000123",
        error_messages={"required": "Enter the reference of the earlier referral"},
    )

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
        choice_field(self, "state").choices = [("", "Any status"), *states]
        # Shown from the cached reference list; a chosen district is still checked against the table.
        choice_field(self, "district").choices = [("", "Any district"), *district_choices()]


class ChildNeedForm(forms.Form):
    need = forms.CharField(
        label="The child's need",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the child's need"},
    )
    help_given = forms.CharField(
        label="The help they get for it (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class SafeContactConfirmForm(forms.Form):
    """ "Are these contact details still safe to use?": yes, or no with the new details. Nothing is
    pre-selected."""

    still_safe = forms.TypedChoiceField(
        label="Are these contact details still safe to use?",
        choices=[("yes", "Yes, they are still safe"), ("no", "No, update them")],
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether these contact details are still safe to use"},
    )
    safe_phone = forms.CharField(label="Safe phone number", required=False, max_length=20)
    safe_email = forms.EmailField(label="Safe email address", required=False)
    voicemail_allowed = safety_question("Is it safe to leave a voicemail?")
    safe_times = forms.CharField(label="When is it safe to make contact?", required=False, max_length=200)
    code_word = forms.CharField(label="Code word", required=False, max_length=60)
    perpetrator_has_phone_access = safety_question("Can the alleged perpetrator see or use the person's phone?")

    NEW_DETAILS = (
        "safe_phone",
        "safe_email",
        "voicemail_allowed",
        "safe_times",
        "code_word",
        "perpetrator_has_phone_access",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        mark_optional(self, except_for=SAFETY_QUESTIONS)
        self.helper = gds_helper(self)

    def clean_safe_phone(self) -> str:
        return validation.clean_phone(self.cleaned_data.get("safe_phone", ""))

    def new_details(self) -> dict[str, Any]:
        """The new details, when the answer is no (valid forms only)."""
        return {name: self.cleaned_data.get(name) for name in self.NEW_DETAILS}
