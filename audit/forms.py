from __future__ import annotations

from typing import Any

from django import forms

from audit.corrections import CORRECTABLE_FIELDS
from kidas.forms import gds_helper
from referrals.models import Referral


class TrailSearchForm(forms.Form):
    username = forms.CharField(required=False, label="User name", max_length=150)
    referral = forms.IntegerField(required=False, min_value=1, label="Referral id")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(
        label="Detail to correct",
        choices=[(name, str(Referral._meta.get_field(name).verbose_name).capitalize()) for name in CORRECTABLE_FIELDS],
    )
    value = forms.CharField(
        label="Correct value", required=False, max_length=500, help_text="Dates as YYYY-MM-DD. Leave empty to clear."
    )
    reason = forms.CharField(label="Why it is being corrected", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
