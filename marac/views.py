"""MARAC pages. Each view finds its record through marac.selectors (404 out of scope), parses input,
calls a service and renders: no rules here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.api import count_is_estimate
from kidas.db.paging import ShortListPaginator
from kidas.errors import DomainError
from kidas.pages import CSV, Done, download, form_page, form_status, posted, run_service
from marac import forms, outputs, selectors, services
from marac.models import ActionStatus, AgendaState, MaracMeeting
from marac.stored_quarters import stored_quarters
from referrals.household import household_of, households
from referrals.restricted import free_text_reader


def _problem(request: HttpRequest, exc: DomainError, back: str) -> HttpResponse:
    return render(request, "marac/problem.html", {"message": exc.message, "back": back}, status=exc.status_code)


def _problem_back_to(request: HttpRequest, back: str) -> Callable[[DomainError], HttpResponse]:
    return lambda exc: _problem(request, exc, back)


def _submit(
    request: HttpRequest, form: Any, run: Callable[[], Any], *, back: str, done: Callable[[Any], tuple[str, str]]
) -> HttpResponse | None:
    """Run a service (kidas.pages.run_service). On success: the message and redirect `done` gives for the
    result; on a domain error: the problem page; when the service refuses the input: None, its field errors
    on the form."""
    outcome = run_service(
        request,
        run,
        done=lambda result: Done(*done(result)),
        form=form,
        problem=_problem_back_to(request, back),
    )
    return outcome.response


@login_required
def marac_list(request: HttpRequest) -> HttpResponse:
    maracs = selectors.maracs_visible_to(signed_in_user(request)).prefetch_related("districts")
    return render(request, "marac/list.html", {"maracs": maracs})


PAGE_SIZE = 50  # cases of the high-risk list a page, as every list page
MEETINGS_PAGE_SIZE = 20


def _marac_page(request: HttpRequest, slug: str, form: forms.MeetingForm | None = None) -> HttpResponse:
    user = signed_in_user(request)
    marac = selectors.marac_get_for_user(user, slug)
    page = ShortListPaginator(selectors.high_risk_pages(user, marac), PAGE_SIZE).get_page(request.GET.get("page"))
    cases = list(page)
    access_record(request=request, action=Action.LIST, records=[c.referral_id for c in cases], what="MARAC list")
    for case in cases:
        case.days = selectors.days_waiting(case)
    meetings = ShortListPaginator(selectors.marac_meetings(user, marac), MEETINGS_PAGE_SIZE).get_page(
        request.GET.get("meetings_page")
    )
    context = {
        "marac": marac,
        "page": page,
        "count_is_estimate": count_is_estimate(page),
        "cases": cases,
        "households": households([case.referral for case in cases], on=timezone.localdate()),
        "meetings": meetings,
        # Each list's pages keep the other list's page.
        "cases_query": urlencode({"meetings_page": meetings.number}),
        "meetings_query": urlencode({"page": page.number}),
        "is_coordinator": selectors.is_coordinator(user),
        "next_date": services.next_meeting_date(marac),
        "form": form or forms.MeetingForm(),
    }
    return render(request, "marac/detail.html", context, status=form_status(request))


@login_required
def marac_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _marac_page(request, slug)


@login_required
@require_POST
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    marac = selectors.marac_get_for_user(user, slug)
    form = forms.MeetingForm(request.POST)
    response = None
    if "next" in request.POST or form.is_valid():
        response = _submit(
            request,
            form,
            lambda: (
                services.meeting_schedule_next(user=user, marac_id=marac.pk)
                if "next" in request.POST
                else services.meeting_schedule(
                    user=user,
                    marac_id=marac.pk,
                    held_on=form.cleaned_data["held_on"],
                    starts_at=form.cleaned_data["starts_at"],
                    venue=form.cleaned_data["venue"],
                    chair=form.cleaned_data["chair"],
                )
            ),
            back=f"/marac/{marac.slug}/",
            done=lambda m: (f"Meeting scheduled for {m.held_on:%A %-d %B %Y}.", f"/marac/meetings/{m.pk}/"),
        )
    return response or _marac_page(request, slug, form)


def _meeting_context(request: HttpRequest, pk: int, *, agenda: bool = True, actions: bool = True) -> dict[str, Any]:
    """The meeting with its agenda (each case's household) and its actions. An export that writes only one of
    them reads only that one, and its access event names only the referrals it wrote."""
    user = signed_in_user(request)
    meeting = selectors.meeting_get_for_user(user, pk)
    items = list(selectors.meeting_agenda(user, meeting)) if agenda else []
    for item in items:
        item.case.days = selectors.days_waiting(item.case)  # type: ignore[attr-defined]
    agreed = list(selectors.meeting_actions(user, meeting)) if actions else []
    # The page's {% free_text %} and the exports read the agenda's reasons and the actions with one reader, the
    # code words of every case with free text to show looked up together (none looked up when there is none).
    with_text = [item.case.referral for item in items if item.reason] + [a.case.referral for a in agreed]
    reader = free_text_reader(user, with_text)
    setattr(request, "free_text_reader", reader)  # noqa: B010 (referrals.templatetags.referral_format)
    return {
        "meeting": meeting,
        "items": items,
        # Children's ages on the meeting's day: what the meeting hears.
        "households": households([item.case.referral for item in items], on=meeting.held_on),
        "listed": sum(1 for i in items if i.state == AgendaState.LISTED),
        "actions": agreed,
        "reader": reader,
        "is_coordinator": selectors.is_coordinator(user),
        "may_hear": services.meeting_has_met(meeting),
    }


def _record_meeting(request: HttpRequest, context: dict[str, Any], action: str, what: str) -> dict[str, Any]:
    """One access event for a meeting page or output: the referrals on its agenda and action list."""
    ids = {item.case.referral_id for item in context["items"]} | {a.case.referral_id for a in context["actions"]}
    access_record(request=request, action=action, records=sorted(ids), what=what)
    return context


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _meeting_context(request, pk)
    return render(request, "marac/meeting.html", _record_meeting(request, context, Action.LIST, "MARAC meeting"))


@login_required
def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    context = _record_meeting(request, _meeting_context(request, pk), Action.PRINT, "MARAC meeting, print view")
    return render(request, "marac/meeting_print.html", context)


@login_required
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _record_meeting(request, _meeting_context(request, pk), Action.EXPORT, "MARAC meeting PDF")
    meeting: MaracMeeting = context["meeting"]
    return download(
        outputs.meeting_pdf(
            meeting,
            outputs.agenda_rows(context["items"], context["households"]),
            context["actions"],
            context["reader"],
        ),
        content_type="application/pdf",
        filename=f"{meeting.marac.slug}-{meeting.held_on}.pdf",
    )


@login_required
def meeting_agenda_csv(request: HttpRequest, pk: int) -> HttpResponse:
    context = _meeting_context(request, pk, actions=False)
    _record_meeting(request, context, Action.EXPORT, "MARAC agenda CSV")
    meeting: MaracMeeting = context["meeting"]
    body = outputs.as_csv(outputs.AGENDA_HEADER, outputs.agenda_rows(context["items"], context["households"]))
    return download(body, content_type=CSV, filename=f"{meeting.marac.slug}-{meeting.held_on}-agenda.csv")


@login_required
def meeting_actions_csv(request: HttpRequest, pk: int) -> HttpResponse:
    context = _meeting_context(request, pk, agenda=False)
    _record_meeting(request, context, Action.EXPORT, "MARAC actions CSV")
    meeting: MaracMeeting = context["meeting"]
    rows = outputs.action_rows(context["actions"], context["reader"])
    body = outputs.as_csv(outputs.ACTION_HEADER, rows)
    return download(body, content_type=CSV, filename=f"{meeting.marac.slug}-{meeting.held_on}-actions.csv")


@login_required
@require_POST
def meeting_fill(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.meeting_get_for_user(user, pk)
    outcome = run_service(
        request,
        lambda: services.meeting_agenda_fill(user=user, meeting_id=meeting.pk),
        done=lambda added: Done(
            f"{len(added)} case{'s' if len(added) != 1 else ''} added to the agenda.",
            reverse("marac:meeting", args=[meeting.pk]),
        ),
        problem=_problem_back_to(request, f"/marac/meetings/{meeting.pk}/"),
    )
    if outcome.response is None:  # no form to show again: a refusal is the problem page
        raise ValueError("run_service without a form answers with a page")
    return outcome.response


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    item = selectors.agenda_item_named_for_user(user, pk)
    later = selectors.meetings_visible_to(user).filter(marac=item.meeting.marac, held_on__gt=item.meeting.held_on)
    back = f"/marac/meetings/{item.meeting_id}/"
    return form_page(
        request,
        forms.MoveForm(posted(request), later=later),
        run=lambda data: services.agenda_item_move(
            user=user, item_id=item.pk, to_meeting_id=data["to_meeting"].pk, reason=data["reason"]
        ),
        done=lambda moved: Done(f"Case moved to the meeting on {moved.meeting.held_on:%-d %B %Y}.", back),
        problem=_problem_back_to(request, back),
        template="marac/move.html",
        context={"item": item},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_take_off(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    item = selectors.agenda_item_named_for_user(user, pk)
    back = f"/marac/meetings/{item.meeting_id}/"
    return form_page(
        request,
        forms.TakeOffForm(posted(request)),
        run=lambda data: services.agenda_item_take_off(user=user, item_id=item.pk, reason=data["reason"]),
        done=lambda _: Done(f"{item.case.referral.full_name} taken off the agenda: back on the high-risk list.", back),
        problem=_problem_back_to(request, back),
        template="marac/take_off.html",
        context={"item": item},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_details(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.meeting_get_for_user(user, pk)
    initial = {"starts_at": meeting.starts_at, "venue": meeting.venue, "chair": meeting.chair}
    back = f"/marac/meetings/{meeting.pk}/"
    return form_page(
        request,
        forms.MeetingDetailsForm(posted(request), initial=initial),
        run=lambda data: services.meeting_details_set(user=user, meeting_id=meeting.pk, **data),
        done=lambda _: Done("Meeting details saved.", back),
        problem=_problem_back_to(request, back),
        template="marac/meeting_details.html",
        context={"meeting": meeting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_add_to_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.marac_case_named_for_user(user, pk)
    return form_page(
        request,
        forms.AddToAgendaForm(posted(request), coming=selectors.coming_meetings(user, case.marac)),
        run=lambda data: services.agenda_item_add(user=user, case_id=case.pk, meeting_id=data["meeting"].pk),
        done=lambda item: Done(
            f"{case.referral.full_name} added to the agenda for {item.meeting.held_on:%-d %B %Y}.",
            f"/marac/meetings/{item.meeting_id}/",
        ),
        problem=_problem_back_to(request, f"/marac/{case.marac.slug}/"),
        template="marac/add_to_agenda.html",
        context={"case": case},
    )


@login_required
@require_POST
def agenda_item_hear(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    item = selectors.agenda_item_named_for_user(user, pk)
    outcome = run_service(
        request,
        lambda: services.agenda_item_hear(user=user, item_id=item.pk),
        done=lambda _: Done(
            f"Case heard on {item.meeting.held_on:%-d %B %Y}.", reverse("marac:meeting", args=[item.meeting_id])
        ),
        problem=_problem_back_to(request, f"/marac/meetings/{item.meeting_id}/"),
    )
    if outcome.response is None:  # no form to show again: a refusal is the problem page
        raise ValueError("run_service without a form answers with a page")
    return outcome.response


def _case_page(
    request: HttpRequest,
    pk: int,
    research_form: forms.ResearchForm | None = None,
    action_form: forms.ActionForm | None = None,
) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.marac_case_get_for_user(user, pk)
    access_record(request=request, action=Action.VIEW, records=[case.referral_id], what="MARAC case")
    meetings = selectors.meetings_visible_to(user).filter(
        items__case=case, items__state__in=(AgendaState.LISTED, AgendaState.HEARD)
    )
    is_coordinator = selectors.is_coordinator(user)
    context = {
        "case": case,
        "household": household_of(case.referral, on=timezone.localdate()),
        "days": selectors.days_waiting(case),
        "items": selectors.agenda_items_visible_to(user).filter(case=case).select_related("meeting"),
        "research": selectors.research_visible_to(user).filter(case=case).select_related("recorded_by"),
        "actions": selectors.marac_actions_visible_to(user).filter(case=case).select_related("owner"),
        "is_coordinator": is_coordinator,
        "research_form": research_form
        or forms.ResearchForm(initial={"agency": services.research_agency_for(user)} if not is_coordinator else None),
        "action_form": (action_form or forms.ActionForm(meetings=meetings.distinct())) if is_coordinator else None,
        "open": ActionStatus.OPEN,
        "organisation_id": user.organisation_id,
    }
    return render(request, "marac/case.html", context, status=form_status(request))


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, pk)


@login_required
@require_POST
def case_research(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.marac_case_get_for_user(user, pk)
    form = forms.ResearchForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        response = _submit(
            request,
            form,
            lambda: services.research_record(user=user, case_id=case.pk, agency=data["agency"], text=data["text"]),
            back=f"/marac/cases/{case.pk}/",
            done=lambda _: ("Research saved.", f"/marac/cases/{case.pk}/"),
        )
        if response:
            return response
    return _case_page(request, pk, research_form=form)


@login_required
@require_POST
def case_action_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.marac_case_get_for_user(user, pk)
    meetings = (
        selectors.meetings_visible_to(user)
        .filter(items__case=case, items__state__in=(AgendaState.LISTED, AgendaState.HEARD))
        .distinct()
    )
    form = forms.ActionForm(request.POST, meetings=meetings)
    if form.is_valid():
        data = form.cleaned_data
        response = _submit(
            request,
            form,
            lambda: services.marac_action_create(
                user=user,
                case_id=case.pk,
                meeting_id=data["meeting"].pk,
                owner=data["owner"],
                person=data["person"] or "",
                description=data["description"] or "",
                due_on=data["due_on"],
            ),
            back=f"/marac/cases/{case.pk}/",
            done=lambda _: ("Action recorded.", f"/marac/cases/{case.pk}/"),
        )
        if response:
            return response
    return _case_page(request, pk, action_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    action = selectors.marac_action_get_for_user(user, pk)
    back = f"/marac/cases/{action.case_id}/"
    return form_page(
        request,
        forms.ActionStatusForm(posted(request)),
        run=lambda data: services.marac_action_set_status(
            user=user, action_id=action.pk, status=data["status"], reason=data["reason"]
        ),
        done=lambda done: Done(f"Action marked {done.get_status_display().lower()}.", back),
        problem=_problem_back_to(request, back),
        template="marac/action_status.html",
        context={"action": action},
    )


@login_required
def marac_figures(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    marac = selectors.marac_get_for_user(user, slug)
    from referrals.models import Source

    figures = stored_quarters(user, marac)
    quarters = figures.quarters
    sources = [
        (value, label) for value, label in Source.choices if any((q.by_source or {}).get(value) for q in quarters)
    ]
    rows = [(q, [(q.by_source or {}).get(value, 0) for value, _ in sources]) for q in quarters]
    context = {"marac": marac, "rows": rows, "sources": sources, "figures": figures}
    return render(request, "marac/figures.html", context)
