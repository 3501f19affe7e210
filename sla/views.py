"""Pages for service levels: my notifications and the breaches report."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.auth import signed_in_user
from kidas.db.paging import PageByIds, ShortListPaginator
from kidas.filters import select_fields
from sla import selectors, services
from sla.breach_summary import stored_breach_summary
from sla.forms import BreachPeriodForm
from sla.markup import breach_rows, breach_summary_rows

PAGE_SIZE = 50
# What a breach's row shows (sla.markup.breach_rows): its referral's reference is written from the referral's id.
BREACH_RELATED = ("organisation", "stopped_by")
BREACH_SHOWN = (
    "stage",
    "due_at",
    "stopped_at",
    "referral_id",
    "organisation__name",
    "stopped_by__first_name",
    "stopped_by__last_name",
    "stopped_by__username",
)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = ShortListPaginator(selectors.notifications_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sla/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go to what it is about (a notification of someone else's is 404)."""
    user = signed_in_user(request)
    notification = selectors.notification_get_for_user(user, pk)
    services.notification_mark_read(user=user, notification_id=notification.pk)
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("sla:notifications")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notification_mark_read(user=signed_in_user(request))
    return redirect("sla:notifications")


@login_required
def breach_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)  # managers, triage and administrators (config.permissions)
    form = BreachPeriodForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "filter_fields": select_fields(form), "forms_with_errors": [form]}
        return render(request, "sla/breaches.html", context, status=400)
    period = form.chosen()
    breaches = selectors.breaches_visible_to(user, period=period)
    scope = selectors.breach_scope_of(user)
    summary = stored_breach_summary(scope, selectors.BreachPeriod(period)) if scope else None
    # Nobody needs every breach counted again: a long list gives the planner's estimate (kidas.db.paging).
    listing = PageByIds(
        breaches, rows=lambda found: found.select_related(*BREACH_RELATED).only(*BREACH_SHOWN), estimate=True
    )
    page = ShortListPaginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filter_fields": select_fields(form),
        # "the last 3 months"; none for all time, which needs no "when".
        "period_label": "" if period == selectors.BreachPeriod.ALL else selectors.BreachPeriod(period).label.lower(),
        "page": page,
        "rows": breach_rows(page),
        "summary": summary,
        "summary_rows": breach_summary_rows(summary.rows if summary else ()),
        "query": urlencode({"period": period}),
    }
    return render(request, "sla/breaches.html", context)
