from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from kidas.forms import gds_helper


class SignInForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code. Checked by the view (accounts.two_factor)."""

    code = forms.CharField(max_length=32, error_messages={"required": "Enter the code"})

    def reject(self, message: str) -> None:
        self.add_error("code", message)
