"""Report pages. Every one goes through reports.access.report_scope_for; the views parse the
picker, call the selectors and render. Exports render the same suppressed tables as the page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from kidas.auth import signed_in_user
from reports import charts, selectors
from reports.access import ReportScope, may_import, may_see_reports
from reports.exports import table_csv, workbook
from reports.forms import ImportForm, PickerForm
from reports.imports import COLUMNS, ImportFileError, referral_import_create, template_csv
from reports.models import ReferralImport
from reports.periods import Period
from reports.selectors import QuarterlyReturn
from reports.suppression import is_small
from reports.tables import OUTCOME_LABELS, RISK_LABELS, Table, return_tables


def _picked(request: HttpRequest, default: str) -> tuple[PickerForm, ReportScope, Period] | HttpResponse:
    user = signed_in_user(request)
    if not may_see_reports(user):
        raise PermissionDenied("Reports are for commissioners, provider managers and administrators")
    form = PickerForm(request.GET, user=user, default=default)
    if not form.is_valid():
        return render(request, "reports/problem.html", {"forms_with_errors": [form]}, status=400)
    return form, form.scope(), form.period_chosen()


def _heading(ret: QuarterlyReturn) -> list[str]:
    lines = [f"KIDAS quarterly return: {ret.scope.label}, {ret.this.period.label}"]
    if ret.scope.suppressed:
        lines.append("Counts of 1 to 4 are shown as <5 to protect the people counted.")
    return lines


def _return(request: HttpRequest, default: str) -> tuple[PickerForm, QuarterlyReturn, list[Table]] | HttpResponse:
    picked = _picked(request, default)
    if isinstance(picked, HttpResponse):
        return picked
    form, scope, period = picked
    ret = selectors.quarterly_return(scope, period)
    return form, ret, return_tables(ret)


@login_required
def quarterly_return_page(request: HttpRequest) -> HttpResponse:
    result = _return(request, "quarter")
    if isinstance(result, HttpResponse):
        return result
    form, ret, tables = result
    return render(
        request,
        "reports/return.html",
        {
            "form": form,
            "ret": ret,
            "tables": tables,
            "query": request.GET.urlencode(),
            "may_import": may_import(signed_in_user(request)),
        },
    )


@login_required
def return_csv(request: HttpRequest, table: str) -> HttpResponse:
    result = _return(request, "quarter")
    if isinstance(result, HttpResponse):
        return result
    _, ret, tables = result
    chosen = next((t for t in tables if t.slug == table), None)
    if chosen is None:
        raise Http404("No such table")
    response = HttpResponse(table_csv(chosen, heading=_heading(ret)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kidas-return-{ret.this.period.key}-{table}.csv"'
    return response


@login_required
def return_workbook(request: HttpRequest) -> HttpResponse:
    result = _return(request, "quarter")
    if isinstance(result, HttpResponse):
        return result
    _, ret, tables = result
    response = HttpResponse(
        workbook(tables, heading=_heading(ret)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="kidas-return-{ret.this.period.key}.xlsx"'
    return response


def _shown(value: int, suppressed: bool) -> int | None:
    return None if suppressed and is_small(value) else value


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    result = _return(request, "year")
    if isinstance(result, HttpResponse):
        return result
    form, ret, tables = result
    scope, period = ret.scope, ret.this.period
    s = scope.suppressed
    months = period.months()
    month_labels = [m.strftime("%b %Y") for m in months]
    by_risk: dict[str, list[int]] = {k: [0] * len(months) for k in RISK_LABELS}
    by_source: dict[str, list[int]] = {}
    index = {(m.year, m.month): i for i, m in enumerate(months)}
    from referrals.models import Source

    source_labels = dict(Source.choices)
    by_source = {k: [0] * len(months) for k in source_labels}
    for row in selectors.monthly_referrals(scope, period):
        i = index.get((row["month"].year, row["month"].month))
        if i is None:
            continue
        if row["risk_level"] is not None:
            by_risk.setdefault(row["risk_level"] or "", [0] * len(months))[i] += row["n"]
        if row["source"] is not None:
            by_source.setdefault(row["source"], [0] * len(months))[i] += row["n"]
    by_risk = {k: v for k, v in by_risk.items() if any(v) or k}
    risk_series = [(RISK_LABELS.get(k, k), [_shown(v, s) for v in values]) for k, values in by_risk.items()]
    source_series = [
        (source_labels.get(k, k), [_shown(v, s) for v in values]) for k, values in by_source.items() if any(values)
    ]

    def monthly_table(
        first: str, series: list[tuple[str, list[int | None]]], raw: dict[str, list[int]]
    ) -> list[list[str]]:
        return [[label] + ["<5" if v is None else f"{v:,}" for v in values] for label, values in series]

    measures = list(OUTCOME_LABELS)
    outcome_values: list[tuple[str, list[float | None]]] = []
    outcome_rows = []
    for f in (ret.this, ret.last):
        values: list[float | None] = []
        for m in measures:
            yes, asked = f.outcome_yes.get(m, 0), f.outcome_asked.get(m, 0)
            hidden = s and (is_small(yes) or is_small(asked - yes))
            values.append(None if hidden or asked == 0 else 100 * yes / asked)
        outcome_values.append((f.period.label, values))
    for i, m in enumerate(measures):
        outcome_rows.append(
            [OUTCOME_LABELS[m]]
            + [
                "–"
                if values[i] is None and not f.outcome_asked.get(m)
                else ("<5" if values[i] is None else f"{values[i]:.1f}%")
                for f, (_, values) in zip((ret.this, ret.last), outcome_values, strict=True)
            ]
        )

    workers = selectors.caseload_per_worker(scope)
    worker_labels, worker_values, worker_rows = [], [], []
    per_provider: dict[str, int] = {}
    for row in workers:
        # Outside the provider, workers are numbered within their provider, never named.
        n = per_provider[row["provider_name"]] = per_provider.get(row["provider_name"], 0) + 1
        if s:
            label = (
                f"{row['provider_name']}: worker {n}"
                if row["allocated_worker_id"]
                else f"{row['provider_name']}: no worker yet"
            )
        else:
            name = f"{row['allocated_worker__first_name']} {row['allocated_worker__last_name']}".strip()
            label = f"{name or row['allocated_worker__username'] or 'No worker yet'} ({row['provider_name']})"
        value = _shown(row["n"], s)
        worker_labels.append(label)
        worker_values.append(value)
        worker_rows.append([label, "<5" if value is None else f"{value:,}"])

    context: dict[str, Any] = {
        "form": form,
        "ret": ret,
        "query": request.GET.urlencode(),
        "summary": tables[0],
        "risk_chart": charts.stacked_columns("Referrals received each month by risk level", month_labels, risk_series),
        "risk_table": {
            "header": ["Risk level", *month_labels],
            "rows": monthly_table("Risk level", risk_series, by_risk),
        },
        "source_chart": charts.stacked_columns("Referrals received each month by source", month_labels, source_series),
        "source_table": {
            "header": ["Source", *month_labels],
            "rows": monthly_table("Source", source_series, by_source),
        },
        "outcome_chart": charts.grouped_rows(
            "Outcomes at closure: percentage of those asked who said yes",
            [OUTCOME_LABELS[m] for m in measures],
            outcome_values,
            maximum=100,
            unit="%",
        ),
        "outcome_table": {"header": ["Outcome", ret.this.period.label, ret.last.period.label], "rows": outcome_rows},
        "worker_chart": charts.grouped_rows(
            "Open cases per worker today", worker_labels, [("Open cases", worker_values)]
        ),
        "worker_table": {"header": ["Worker", "Open cases"], "rows": worker_rows},
    }
    return render(request, "reports/dashboard.html", context)


# Imports ---------------------------------------------------------------------------------------


def _require_importer(request: HttpRequest) -> None:
    if not may_import(signed_in_user(request)):
        raise PermissionDenied("Imports are for administrators")


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
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
        {"form": form, "forms_with_errors": [form] if form.errors else [], "imports": imports, "columns": COLUMNS},
        status=status,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kidas-referral-import-template.csv"'
    return response


def _import(request: HttpRequest, pk: int) -> ReferralImport:
    _require_importer(request)
    return get_object_or_404(ReferralImport.objects.select_related("uploaded_by").defer("content"), pk=pk)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reports/import.html", {"run": _import(request, pk)})


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls every second until the import has finished."""
    return render(request, "reports/_import_progress.html", {"run": _import(request, pk)})
