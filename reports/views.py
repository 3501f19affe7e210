"""Report pages. Every one goes through reports.access.report_scope_for; the views parse the
picker, call the selectors and render. Exports render the same suppressed tables as the page.
Who may open them (reports: commissioners, provider managers, administrators; imports: administrators)
is the permission map's (config.permissions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.auth import signed_in_user
from kidas.pages import CSV, download
from kidas.stored_figures import stored_workbook
from referrals.policies import may_import
from reports import selectors
from reports.access import ReportScope
from reports.exports import table_csv, workbook
from reports.forms import ImportForm, PickerForm, import_limit_text
from reports.imports import COLUMNS, ImportFileError, template_csv
from reports.models import ReferralImport
from reports.periods import Period
from reports.services import referral_import_create
from reports.stored_returns import WholeReturn, whole_return
from reports.suppression import METHOD, METHOD_NOTE


def _picked(request: HttpRequest, default: str) -> tuple[PickerForm, ReportScope, Period] | HttpResponse:
    form = PickerForm(request.GET, user=signed_in_user(request), default=default)
    if not form.is_valid():
        return render(request, "reports/problem.html", {"forms_with_errors": [form]}, status=400)
    return form, form.scope(), form.period_chosen()


def _heading(ret: WholeReturn) -> list[str]:
    return ret.heading(f"KIDAS quarterly return: {ret.scope.label}", suppressed=ret.scope.suppressed)


def _return(
    request: HttpRequest, default: str, *, dashboard: bool = False
) -> tuple[PickerForm, WholeReturn] | HttpResponse:
    picked = _picked(request, default)
    if isinstance(picked, HttpResponse):
        return picked
    form, scope, period = picked
    return form, whole_return(scope, period, dashboard=dashboard)


def _shown_context(request: HttpRequest, form: PickerForm, ret: WholeReturn) -> dict[str, Any]:
    """What the return and the dashboard both show above their figures."""
    return {
        "form": form,
        "ret": ret,
        "query": request.GET.urlencode(),
        "suppression_method": METHOD,
        "suppression_note": METHOD_NOTE,
    }


@login_required
def quarterly_return_page(request: HttpRequest) -> HttpResponse:
    result = _return(request, "quarter")
    if isinstance(result, HttpResponse):
        return result
    form, ret = result
    return render(
        request,
        "reports/return.html",
        {
            **_shown_context(request, form, ret),
            "tables": ret.tables,
            "may_import": may_import(signed_in_user(request)),
            "new_entrants_definition": selectors.NEW_ENTRANTS_DEFINITION,
        },
    )


@login_required
def return_csv(request: HttpRequest, table: str) -> HttpResponse:
    result = _return(request, "quarter")
    if isinstance(result, HttpResponse):
        return result
    _, ret = result
    chosen = next((t for t in ret.tables if t.slug == table), None)
    if chosen is None:
        raise Http404("No such table")
    return download(
        table_csv(chosen, heading=_heading(ret)),
        content_type=CSV,
        filename=f"kidas-return-{ret.period.key}-{table}.csv",
    )


@login_required
def return_workbook(request: HttpRequest) -> HttpResponse:
    result = _return(request, "quarter")
    if isinstance(result, HttpResponse):
        return result
    _, ret = result
    return download(
        stored_workbook(ret.stored, lambda: workbook(ret.tables, heading=_heading(ret))),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"kidas-return-{ret.period.key}.xlsx",
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    result = _return(request, "year", dashboard=True)
    if isinstance(result, HttpResponse):
        return result
    form, ret = result
    return render(request, "reports/dashboard.html", {**_shown_context(request, form, ret), **ret.dashboard})


# Imports ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                started = referral_import_create(
                    user=signed_in_user(request),
                    file_name=form.file_name,
                    content=form.cleaned_data["file"],
                )
                return redirect("reports:import", pk=started.pk)
            except ImportFileError as error:
                form.add_error("file", str(error))
        status = 400
    imports = ReferralImport.objects.select_related("uploaded_by").defer("content")[:20]
    return render(
        request,
        "reports/imports.html",
        {
            "form": form,
            "forms_with_errors": [form] if form.errors else [],
            "imports": imports,
            "columns": COLUMNS,
            "import_limit": import_limit_text(),
        },
        status=status,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    return download(template_csv(), content_type=CSV, filename="kidas-referral-import-template.csv")


def _import(pk: int) -> ReferralImport:
    return get_object_or_404(ReferralImport.objects.select_related("uploaded_by").defer("content"), pk=pk)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reports/import.html", {"run": _import(pk)})


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls every second until the import has finished."""
    return render(request, "reports/_import_progress.html", {"run": _import(pk)})
