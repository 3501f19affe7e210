from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from kidas.forms import choice_field
from providers.models import Area, District, Organisation
from reports.access import ReportScope, report_scope_for
from reports.periods import (
    Period,
    current_quarter,
    financial_period,
    financial_year_of,
    period_from_key,
    recent_periods,
)


def import_limit_text() -> str:
    """The import's size limit as the page states it: the same number the upload is checked against."""
    size = settings.IMPORT_MAX_BYTES
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size // 1024:,} KB"


class PickerForm(forms.Form):
    """The period and area picker of the dashboard and the return. Everything optional."""

    period = forms.ChoiceField(required=False, label="Period")
    area = forms.ChoiceField(required=False, label="Area")
    district = forms.ChoiceField(required=False, label="District")
    provider = forms.ChoiceField(required=False, label="Provider")

    def __init__(self, data: Any, *, user: User, default: str):
        super().__init__(data)
        self.user = user
        self.default = default
        today = timezone.localdate()
        self._set_choices("period", [(p.key, p.label) for p in recent_periods(today, years=6)])
        # Only each place's slug and name: the picker shows no more, and reading whole rows cost more than the rest.
        self._set_choices("area", [("", "Whole county"), *Area.objects.values_list("slug", "name")])
        districts = District.objects.filter(area__isnull=False).values_list("slug", "name")
        self._set_choices("district", [("", "All districts"), *districts])
        if user.is_administrator or user.role == "commissioner":
            providers = Organisation.objects.filter(provides_support=True).values_list("slug", "name")
            self._set_choices("provider", [("", "All providers"), *providers])
        else:
            del self.fields["provider"]

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        choice_field(self, name).choices = choices

    def period_chosen(self) -> Period:
        key = self.cleaned_data.get("period") or ""
        if key:
            return period_from_key(key)
        today = timezone.localdate()
        return current_quarter(today) if self.default == "quarter" else financial_period(financial_year_of(today))

    def scope(self) -> ReportScope:
        return report_scope_for(
            self.user,
            area=self.cleaned_data.get("area") or None,
            district=self.cleaned_data.get("district") or None,
            # A provider manager has no provider field; asking for another provider still answers 404.
            provider=self.cleaned_data.get("provider") or self.data.get("provider") or None,
        )


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file of historic referrals")
    file_name = "upload.csv"

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {import_limit_text()}: split it into smaller files")
        self.file_name = str(upload.name or "upload.csv")
        if not self.file_name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file (.csv)")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be saved as UTF-8 CSV") from None
