"""Pages of the three doors. The public self-referral needs no sign-in; its partial answers are
kept in the visitor's session (server side, in PostgreSQL) until sent, then the session is
flushed. Nothing about the referral is shown after it is sent."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from intake import forms, selectors, services
from intake.status import partner_status
from referrals.forms import children_from

log = logging.getLogger(__name__)

SESSION_KEY = "self_referral"
TRAP_KEY = "self_referral_trap"
HONEYPOT = "website"
STEP_SLUGS = [slug for slug, _, _ in forms.SELF_REFERRAL_STEPS]
STEPS = {slug: (title, form) for slug, title, form in forms.SELF_REFERRAL_STEPS}


def _step_rate(group: str, request: HttpRequest) -> str:
    return str(settings.SELF_REFERRAL_STEP_RATE)


def _submit_rate(group: str, request: HttpRequest) -> str:
    return str(settings.SELF_REFERRAL_SUBMIT_RATE)


def _public(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """A page of the public self-referral: it knows where "Exit this page" goes."""
    return render(request, template, {"exit_url": settings.SELF_REFERRAL_EXIT_URL, **(context or {})}, status=status)


def _too_many(request: HttpRequest) -> HttpResponse:
    return _public(request, "intake/too_many.html", status=429)


def _answers(request: HttpRequest) -> dict[str, dict[str, str]]:
    stored = request.session.get(SESSION_KEY)
    return stored if isinstance(stored, dict) else {}


def _raw_answers(form: Any, request: HttpRequest) -> dict[str, str]:
    """The posted values of the form's own fields (a date's parts are `date_of_birth_0` etc.)."""
    return {
        key: str(value)
        for key, value in request.POST.items()
        if key in form.fields or key.rsplit("_", 1)[0] in form.fields
    }


def _bound(slug: str, answers: dict[str, dict[str, str]]) -> Any:
    _, form_class = STEPS[slug]
    return form_class(answers[slug]) if slug in answers else None


@never_cache
@require_GET
def self_referral_start(request: HttpRequest) -> HttpResponse:
    return _public(request, "intake/start.html", {"first_step": STEP_SLUGS[0]})


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", group="intake:self-referral-step", rate=_step_rate, method="POST", block=False)
def self_referral_step(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in STEPS:
        raise Http404("No such page")
    if getattr(request, "limited", False):
        return _too_many(request)
    title, form_class = STEPS[slug]
    answers = _answers(request)
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            request.session[TRAP_KEY] = True
        form = form_class(request.POST)
        if form.is_valid():
            answers[slug] = _raw_answers(form, request)
            request.session[SESSION_KEY] = answers
            following = STEP_SLUGS[STEP_SLUGS.index(slug) + 1 :]
            if following and "change" not in request.GET:
                return redirect("intake:self-referral-step", slug=following[0])
            return redirect("intake:self-referral-check")
    else:
        form = form_class(answers.get(slug)) if slug in answers else form_class()
    index = STEP_SLUGS.index(slug)
    context = {
        "form": form,
        "forms_with_errors": [form] if form.errors else [],
        "title": title,
        "step_number": index + 1,
        "step_count": len(STEP_SLUGS),
        "back": STEP_SLUGS[index - 1] if index else None,
    }
    return _public(request, "intake/step.html", context, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", group="intake:self-referral-submit", rate=_submit_rate, method="POST", block=False)
def self_referral_check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    forms_by_step = {slug: _bound(slug, answers) for slug in STEP_SLUGS}
    for slug, form in forms_by_step.items():
        if form is None or not form.is_valid():
            return redirect("intake:self-referral-step", slug=slug)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return _too_many(request)
        trapped = bool(request.POST.get(HONEYPOT)) or request.session.get(TRAP_KEY, False)
        if trapped:
            log.warning("Self-referral honeypot filled: nothing recorded")
        else:
            data: dict[str, Any] = {}
            for form in forms_by_step.values():
                data |= {k: v for k, v in form.cleaned_data.items() if k in form._meta.fields}
            children = forms_by_step["what-is-happening"].children()
            services.self_referral_create(data=data, children=children)
        # Forget the answers and the session itself: nothing is left on this device but the CSRF cookie.
        request.session.flush()
        return redirect("intake:self-referral-sent")
    rows = [
        (slug, STEPS[slug][0], [(field.label, _display(field)) for field in form if field.name != "consent"])
        for slug, form in forms_by_step.items()
        if slug != "consent"
    ]
    return _public(request, "intake/check.html", {"rows": rows})


def _display(field: Any) -> str:
    value = field.form.cleaned_data.get(field.name)
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = dict(getattr(field.field, "choices", []) or [])
    if field.name == "date_of_birth":
        return value.strftime("%-d %B %Y")
    return str(choices.get(value, value))


@never_cache
@require_GET
def self_referral_sent(request: HttpRequest) -> HttpResponse:
    return _public(request, "intake/sent.html")


@never_cache
@require_POST
def self_referral_forget(request: HttpRequest) -> HttpResponse:
    """Called by 'Exit this page' as it leaves: forget the visitor's answers."""
    request.session.flush()
    return HttpResponse(status=204)


@login_required
@require_http_methods(["GET", "POST"])
def partner_referral_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)  # partner staff with an organisation (config.permissions)
    form = forms.PartnerReferralForm(request.POST or None)
    children = forms.ChildFormSet(request.POST or None, prefix="children")
    if request.method == "POST" and form.is_valid() and children.is_valid() and form.district_to_check:
        form = form.with_district_worked_out()
    elif request.method == "POST" and form.is_valid() and children.is_valid():
        child_rows = children_from(children)
        referral = services.partner_referral_create(user=user, data=form.referral_data(), children=child_rows)
        messages.success(request, f"Referral {referral.reference} sent to the triage service.")
        return redirect("intake:partner-referrals")
    with_errors = [f for f in (form, *children) if f.errors]
    return render(
        request,
        "intake/partner_new.html",
        {"form": form, "children": children, "forms_with_errors": with_errors},
        status=400 if with_errors else 200,
    )


@login_required
@require_GET
def partner_referral_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)  # partner staff with an organisation (config.permissions)
    referrals = selectors.partner_referrals_visible_to(user).only("id", "received_at", "state", "channel")[:200]
    rows = [(r, partner_status(r.state)) for r in referrals]
    access_record(request=request, action=Action.LIST, records=[r for r, _ in rows], what="Partner referral status")
    return render(request, "intake/partner_list.html", {"rows": rows})
