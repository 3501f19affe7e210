from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import User
from capacity.access import MaracScope, marac_scope_for, maracs_for_figures
from capacity.models import Post, PostRole
from kidas.forms import choice_field, gds_helper, mark_optional, model_choice_field
from marac.models import Marac
from providers.models import District, Organisation
from reports.periods import Period, current_quarter, period_from_key, recent_periods


class MaracField(forms.ChoiceField):
    """Offers the MARACs the user may see; any other slug is left to the scope, which answers 404 (out of
    scope is as if it did not exist), not a form error."""

    def valid_value(self, value: Any) -> bool:
        return True


class MaracPickerForm(forms.Form):
    """The MARAC and period of the dataset and gauges pages (and their API). Both optional: the first
    MARAC the user may see, and the current quarter."""

    marac = MaracField(required=False, label="MARAC")
    period = forms.ChoiceField(required=False, label="Period")

    def __init__(self, data: Any, *, user: User):
        super().__init__(data)
        self.user = user
        today = timezone.localdate()
        choice_field(self, "marac").choices = [(m.slug, m.name) for m in maracs_for_figures(user).order_by("name")]
        choice_field(self, "period").choices = [(p.key, p.label) for p in recent_periods(today, years=6)]

    def period_chosen(self) -> Period:
        key = self.cleaned_data.get("period") or ""
        return period_from_key(key) if key else current_quarter(timezone.localdate())

    def scope(self) -> MaracScope:
        return marac_scope_for(self.user, self.cleaned_data.get("marac") or None)


class PopulationForm(forms.Form):
    district = forms.ModelChoiceField(queryset=District.objects.all(), label="District")
    year = forms.IntegerField(
        min_value=1990, max_value=2100, label="Year", help_text="The calendar year the estimate is for, e.g. 2024."
    )
    women_16_plus = forms.IntegerField(min_value=1, label="Women aged 16 and over")
    source = forms.CharField(
        max_length=200, label="Source", help_text="Where the figure comes from, e.g. ONS mid-2024 population estimates."
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class PostForm(forms.Form):
    marac = forms.ModelChoiceField(queryset=Marac.objects.all(), label="MARAC area")
    role = forms.ChoiceField(choices=[("", "Select one"), *PostRole.choices], label="Role")
    provider = forms.ModelChoiceField(queryset=Organisation.objects.all(), label="Provider")
    fte = forms.DecimalField(
        min_value=0.01, max_value=99, decimal_places=2, label="Full-time equivalent (FTE)", help_text="For example 2.5"
    )
    valid_from = forms.DateField(label="In place from", widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(
        required=False,
        label="Last day in place",
        help_text="Leave empty while the posts are in place.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(max_length=200, required=False, label="Note")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        mark_optional(self)
        self.helper = gds_helper(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", "The last day must be on or after the first day")
        return data


class PostEndForm(forms.Form):
    """Posts that end (a change of FTE is the old posts ending and new ones recorded from the next day)."""

    post = forms.ModelChoiceField(queryset=Post.objects.none(), label="Posts that end")
    valid_to = forms.DateField(label="Last day in place", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "post")
        field.queryset = Post.objects.filter(valid_to__isnull=True).select_related("marac", "provider")
        self.helper = gds_helper(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        post, last = data.get("post"), data.get("valid_to")
        if post is not None and last is not None and last < post.valid_from:
            self.add_error(
                "valid_to", f"The last day must be on or after {post.valid_from:%-d %B %Y}, when they started"
            )
        return data
