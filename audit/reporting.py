"""Error reports (500 emails, the debug page) never carry restricted values: besides Django's usual
secrets, any variable, POST parameter or dict key named like a restricted field, or like an equality monitoring
question (monitoring.categories: the survivor's answers, seen only by the case's own provider), is scrubbed."""

from __future__ import annotations

import re
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

from monitoring.categories import QUESTION_FIELDS
from referrals.restricted import RESTRICTED_NAMES


class RestrictedFieldsReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        SafeExceptionReporterFilter.hidden_settings.pattern + "|" + "|".join((*RESTRICTED_NAMES, *QUESTION_FIELDS)),
        flags=re.I,
    )

    def get_post_parameters(self, request: Any) -> Any:
        params = super().get_post_parameters(request)
        if request is None or not params:
            return params
        params = params.copy()
        for name in list(params):
            if self.hidden_settings.search(name):
                params[name] = self.cleansed_substitute
        return params

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        # Every frame's variables go through cleanse_setting, which scrubs matching names and,
        # inside dicts (a form's cleaned_data, a service's `data`), matching keys.
        return [
            (name, self.cleanse_setting(name, value))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]
