"""Forms of the three doors. The self-referral asks a few plain questions per page; the partner
form is the triage form without the fields that are the triage service's to fill."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms

from kidas.forms import gds_helper, mark_optional
from providers.models import District
from referrals import validation
from referrals.forms import YES_NO, ChildFormSet, ReferralForm, _to_bool
from referrals.models import Referral, Source
from referrals.services import ChildData

__all__ = ["ChildFormSet", "PartnerReferralForm", "SELF_REFERRAL_STEPS"]

CIRCUMSTANCES_MAX = 2000
CHILDREN_NAMES_MAX = 600
CHILD_NAME_NOT_GIVEN = "Name not given"


class _SelfReferralStep(forms.ModelForm):
    """A page of the self-referral. The device may be shared, or the abuser's: every input asks the
    browser to keep nothing (the form-level attribute alone is ignored for names, phones and emails)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, (forms.RadioSelect, forms.CheckboxInput, forms.HiddenInput)):
                field.widget.attrs["autocomplete"] = "off"
        # A safe phone or email, and safe times, are asked for by the page's own check.
        mark_optional(self, except_for=("safe_phone", "safe_email", "safe_times"))
        self.helper = gds_helper(self)


def _yes_no(label: str, *, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message},
    )


class AboutYouForm(_SelfReferralStep):
    date_of_birth = DateInputField(label="What is your date of birth?", help_text="For example, 27 3 1985")
    district = forms.ModelChoiceField(
        label="Which area do you live in?",
        queryset=District.objects.all(),
        required=False,
        empty_label="I don't know, or outside Kent",
    )

    class Meta:
        model = Referral
        fields = ["first_name", "last_name", "date_of_birth", "gender", "postcode", "district"]
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "gender": "How do you describe yourself?",
            "postcode": "Postcode",
        }
        widgets = {"gender": forms.RadioSelect}
        help_texts = {"postcode": ""}
        error_messages = {
            "first_name": {"required": "Enter your first name"},
            "last_name": {"required": "Enter your last name"},
            "gender": {"required": "Select how you describe yourself"},
        }

    def clean_date_of_birth(self) -> Any:
        return validation.clean_date_of_birth(self.cleaned_data["date_of_birth"])

    def clean_postcode(self) -> str:
        return validation.clean_postcode(self.cleaned_data.get("postcode", ""))


class SafeContactForm(_SelfReferralStep):
    voicemail_allowed = _yes_no(
        "Is it safe for us to leave a voicemail?",
        required_message="Select whether it is safe for us to leave a voicemail",
    )
    perpetrator_has_phone_access = _yes_no(
        "Can the person hurting you see or use your phone?",
        required_message="Select whether the person hurting you can see or use your phone",
    )

    class Meta:
        model = Referral
        fields = [
            "safe_phone",
            "safe_email",
            "voicemail_allowed",
            "perpetrator_has_phone_access",
            "safe_times",
            "code_word",
        ]
        labels = {
            "safe_phone": "A phone number that is safe to call",
            "safe_email": "An email address that is safe to use (optional)",
            "safe_times": "When is it safe for us to contact you?",
            "code_word": "A code word (optional)",
        }
        help_texts = {
            "safe_times": "For example, weekdays between 10am and 2pm",
            "code_word": "We will say this word first, so you know it is us",
        }

    def clean_safe_phone(self) -> str:
        return validation.clean_phone(self.cleaned_data.get("safe_phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("safe_phone") and not data.get("safe_email") and "safe_phone" not in self.errors:
            self.add_error("safe_phone", "Give a phone number or an email address that is safe for us to use")
        if not (data.get("safe_times") or "").strip() and "safe_times" not in self.errors:
            self.add_error("safe_times", "Tell us when it is safe to contact you")
        for field, message in validation.safe_contact_errors(data).items():
            self.add_error(field, message)
        return data


class WhatIsHappeningForm(_SelfReferralStep):
    perpetrator_lives_with_victim = _yes_no(
        "Do they live with you?", required_message="Select whether the person hurting you lives with you"
    )
    circumstances = forms.CharField(
        label="Tell us briefly what is happening (optional)",
        help_text="A few sentences is enough. We will talk to you about it.",
        required=False,
        max_length=CIRCUMSTANCES_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    children_in_household = forms.TypedChoiceField(
        label="Do any children live with you? (optional)",
        help_text="Children can be harmed by domestic abuse too. You do not have to tell us.",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=_to_bool,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    children_names = forms.CharField(
        label="Their first names (optional)",
        help_text="One name a line",
        required=False,
        max_length=CHILDREN_NAMES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Referral
        fields = ["perpetrator_relationship", "perpetrator_lives_with_victim", "circumstances"]
        labels = {"perpetrator_relationship": "Who is hurting you?"}
        error_messages = {"perpetrator_relationship": {"required": "Select who is hurting you"}}
        widgets = {"perpetrator_relationship": forms.RadioSelect}

    def children(self) -> list[ChildData]:
        """The children the person told us about: one per name given, or one unnamed child when they
        said children live with them but gave no names (so triage knows to ask)."""
        names = [line.strip()[:80] for line in (self.cleaned_data.get("children_names") or "").splitlines()]
        named = [ChildData(first_name=name) for name in names if name]
        if named:
            return named
        return [ChildData(first_name=CHILD_NAME_NOT_GIVEN)] if self.cleaned_data.get("children_in_household") else []


class ConsentForm(_SelfReferralStep):
    consent = forms.BooleanField(
        label="I agree that the service keeps my answers and contacts me in the ways I said are safe",
        error_messages={"required": "Tick the box to agree, or leave the page if you do not want to send this"},
    )

    class Meta:
        model = Referral
        fields: list[str] = []


# (slug, title, form) in the order they are asked.
SELF_REFERRAL_STEPS: list[tuple[str, str, type[_SelfReferralStep]]] = [
    ("about-you", "About you", AboutYouForm),
    ("contact", "How we can contact you safely", SafeContactForm),
    ("what-is-happening", "What is happening", WhatIsHappeningForm),
    ("consent", "Your agreement", ConsentForm),
]


class PartnerReferralForm(ReferralForm):
    """The triage referral form for partner staff: the source is theirs to say (not self or
    family), and the referrer is them unless they give someone else."""

    source = forms.ChoiceField(
        label="Your agency",
        choices=[(v, label) for v, label in Source.choices if v not in (Source.SELF, Source.FAMILY_OR_FRIEND)],
    )
    consent_given = _yes_no(
        "Has the person agreed to this referral?",
        required_message="Select whether the person has agreed to this referral",
        help_text="If not, say why: without consent only a high-risk referral goes on (to MARAC).",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["referrer_name"].help_text = "Leave empty to use your own name"
        self.fields["referrer_organisation"].help_text = "Leave empty to use your organisation"
        self.fields["referrer_contact"].label = "How we can contact the referrer"
        self.fields["referrer_contact"].required = True
