"""Forms for service levels: the breaches report's period, for its page and its API alike."""

from __future__ import annotations

from django import forms

from sla.selectors import DEFAULT_BREACH_PERIOD, BreachPeriod


class BreachPeriodForm(forms.Form):
    period = forms.ChoiceField(
        required=False,
        label="Finished late with a deadline in",
        choices=BreachPeriod.choices,
        error_messages={"invalid_choice": "Choose the last 3 months, the last 12 months or all time"},
    )

    def chosen(self) -> str:
        """The period asked for, or the default when none was: call after is_valid()."""
        return self.cleaned_data.get("period") or DEFAULT_BREACH_PERIOD
