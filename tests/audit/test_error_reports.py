"""Error reports never carry restricted values: variables, POST data and dict keys are scrubbed by name."""

from __future__ import annotations

import sys

from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from audit.reporting import RestrictedFieldsReporterFilter


def _made(text: str) -> str:
    """Values built at run time, so the report's source-code excerpt cannot contain them."""
    return text[::-1]


CODE_WORD, PHONE, EMAIL, STREET = (
    _made(v) for v in ("rehsifgnik", "654009 00770", "gro.elpmaxe@efas", "enaL neddiH 21")
)


def test_the_configured_filter_is_ours(settings) -> None:
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER == "audit.reporting.RestrictedFieldsReporterFilter"


def test_a_crash_report_scrubs_restricted_names() -> None:
    request = RequestFactory().post("/referrals/new/", {"code_word": CODE_WORD, "safe_phone": PHONE, "town": "Deal"})

    def crash(data: dict[str, str]) -> None:
        safe_email = EMAIL  # noqa: F841 (a local the report would show)
        raise ValueError("boom")

    try:
        crash({"code_word": CODE_WORD, "address_line_1": STREET, "town": "Deal"})
    except ValueError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    for secret in (CODE_WORD, PHONE, EMAIL, STREET):
        assert secret not in report
    assert "Deal" in report
    assert RestrictedFieldsReporterFilter.cleansed_substitute in report


def test_a_crash_report_scrubs_equality_monitoring_answers() -> None:
    ethnicity, orientation = _made("amor_etihw"), _made("lauxesib")
    request = RequestFactory().post("/monitoring/cases/1/equality/", {"ethnicity": ethnicity, "town": "Deal"})

    def crash(data: dict[str, str]) -> None:
        raise ValueError("boom")

    try:
        crash({"sexual_orientation": orientation, "mental_health": "yes", "town": "Deal"})
    except ValueError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert ethnicity not in report and orientation not in report
    assert "Deal" in report
