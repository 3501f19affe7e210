"""Pages: the MARAC dataset (with its CSV and Excel downloads), the capacity gauges, and the posts and
populations they are built on. Every figure page goes through capacity.access.marac_scope_for; who may
open each page is the permission map's (config.permissions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.auth import signed_in_user
from capacity import services
from capacity.access import MaracScope
from capacity.forms import MaracPickerForm, PopulationForm, PostEndForm, PostForm
from capacity.gauges import (
    CASES_PER_10K_WOMEN_A_YEAR,
    CASES_PER_COORDINATOR_FTE_A_YEAR,
    REFERRALS_PER_IDVA_FTE_A_YEAR,
)
from capacity.models import DistrictPopulation, Post
from capacity.stored import MaracFigures, marac_figures
from kidas.pages import CSV, Done, download, form_page, posted
from kidas.stored_figures import stored_workbook
from referrals.policies import may_edit_capacity
from reports.exports import table_csv, workbook
from reports.periods import Period
from reports.suppression import METHOD, METHOD_NOTE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEMO_NOTE = (
    "Figures marked (demo) are built on demo reference data (posts or populations loaded with the demo), "
    "not real figures."
)


def picked(data: Any, user: Any) -> tuple[MaracPickerForm, MaracScope, Period] | MaracPickerForm:
    """The MARAC and period asked for; the form with its errors if they are not valid."""
    form = MaracPickerForm(data, user=user)
    if not form.is_valid():
        return form
    return form, form.scope(), form.period_chosen()


def heading(figures: MaracFigures) -> list[str]:
    lines = figures.heading(f"KIDAS MARAC dataset: {figures.scope.label}", suppressed=figures.scope.suppressed)
    return [*lines, DEMO_NOTE] if figures.uses_demo else lines


def _figures(request: HttpRequest, part: str) -> tuple[MaracPickerForm, MaracFigures] | HttpResponse:
    result = picked(request.GET, signed_in_user(request))
    if isinstance(result, MaracPickerForm):
        return render(request, "capacity/problem.html", {"forms_with_errors": [result]}, status=400)
    form, scope, period = result
    return form, marac_figures(scope, period, part=part)


def _context(request: HttpRequest, form: MaracPickerForm, figures: MaracFigures) -> dict[str, Any]:
    return {
        "form": form,
        "scope": figures.scope,
        "figures": figures,
        "query": request.GET.urlencode(),
        "suppression_method": METHOD,
        "suppression_note": METHOD_NOTE,
        "demo": figures.uses_demo,
        "demo_note": DEMO_NOTE,
        "may_edit": may_edit_capacity(signed_in_user(request)),
    }


@login_required
def dataset_page(request: HttpRequest) -> HttpResponse:
    result = _figures(request, "tables")
    if isinstance(result, HttpResponse):
        return result
    form, figures = result
    return render(request, "capacity/dataset.html", {**_context(request, form, figures), "tables": figures.tables})


@login_required
def dataset_csv(request: HttpRequest, table: str) -> HttpResponse:
    result = _figures(request, "tables")
    if isinstance(result, HttpResponse):
        return result
    _, figures = result
    chosen = next((t for t in figures.tables if t.slug == table), None)
    if chosen is None:
        raise Http404("No such table")
    return download(
        table_csv(chosen, heading=heading(figures)),
        content_type=CSV,
        filename=f"marac-dataset-{figures.scope.marac.slug}-{figures.period.key}-{table}.csv",
    )


@login_required
def dataset_workbook(request: HttpRequest) -> HttpResponse:
    result = _figures(request, "tables")
    if isinstance(result, HttpResponse):
        return result
    _, figures = result
    return download(
        stored_workbook(figures.stored, lambda: workbook(figures.tables, heading=heading(figures))),
        content_type=XLSX,
        filename=f"marac-dataset-{figures.scope.marac.slug}-{figures.period.key}.xlsx",
    )


@login_required
def gauges_page(request: HttpRequest) -> HttpResponse:
    result = _figures(request, "gauges")
    if isinstance(result, HttpResponse):
        return result
    form, figures = result
    return render(request, "capacity/gauges.html", {**_context(request, form, figures), "gauges": figures.gauges})


# The reference data ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def populations_page(request: HttpRequest) -> HttpResponse:
    form = PopulationForm(posted(request))
    user = signed_in_user(request)

    def run(d: dict[str, Any]) -> DistrictPopulation:
        return services.district_population_record(
            user=user, district=d["district"], year=d["year"], women_16_plus=d["women_16_plus"], source=d["source"]
        )

    return form_page(
        request,
        form,
        run=run,
        done=lambda p: Done(
            f"Recorded {p.district} {p.year}: {p.women_16_plus:,} women aged 16 and over", request.path
        ),
        template="capacity/populations.html",
        context={
            "populations": DistrictPopulation.objects.select_related("district"),
            "benchmark": CASES_PER_10K_WOMEN_A_YEAR,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def posts_page(request: HttpRequest) -> HttpResponse:
    form = PostForm(posted(request))
    user = signed_in_user(request)

    def run(d: dict[str, Any]) -> Post:
        return services.post_record(
            user=user,
            marac=d["marac"],
            role=d["role"],
            provider=d["provider"],
            fte=d["fte"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            note=d["note"],
        )

    return form_page(
        request,
        form,
        run=run,
        done=lambda p: Done(f"Recorded {p}", reverse("capacity:posts")),
        template="capacity/posts.html",
        context={
            "posts": Post.objects.select_related("marac", "provider"),
            "end_form": PostEndForm(),
            "idva_benchmark": REFERRALS_PER_IDVA_FTE_A_YEAR,
            "coordinator_benchmark": CASES_PER_COORDINATOR_FTE_A_YEAR,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_end_page(request: HttpRequest) -> HttpResponse:
    form = PostEndForm(posted(request))
    user = signed_in_user(request)

    def run(d: dict[str, Any]) -> Post:
        return services.post_end(user=user, post_id=d["post"].pk, valid_to=d["valid_to"])

    return form_page(
        request,
        form,
        run=run,
        done=lambda p: Done(f"Ended {p} on {p.valid_to:%-d %B %Y}", reverse("capacity:posts")),
        template="capacity/post_end.html",
        context={},
    )
