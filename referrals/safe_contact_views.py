"""The page that asks "Are these contact details still safe to use?" for safe-contact details carried over
to a new referral (referrals.safe_contact). Scoped like the referral (out of scope is 404); only whoever
may see the details see them and answer (403), once (409); anyone else who may see the referral sees
only whether they were confirmed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.pages import Done, form_status, run_service
from people.services import SafeContactDetails
from referrals import selectors
from referrals.forms import SafeContactConfirmForm
from referrals.models import SafeContactCheck
from referrals.policies import may_confirm_safe_contact
from referrals.safe_contact import QUESTION, carried_over_details, safe_contact_confirm


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def safe_contact_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = selectors.referral_get_for_user(user, pk)
    # Most referrals have no check: the earlier referral it was carried from (its reference and date) is read
    # only when there is one, rather than its every column joined into each page's statement.
    check = SafeContactCheck.objects.filter(referral=referral).select_related("answered_by").first()
    may_answer = check is not None and may_confirm_safe_contact(user, referral)
    if request.method == "POST" and check is None:
        raise Http404("No safe-contact details were carried over to this referral")
    if request.method == "POST" and not may_answer:
        raise PermissionDenied("Only whoever may see her safe-contact details can confirm them.")
    access_record(request=request, action=Action.VIEW, records=referral, what="Safe contact carried over")
    form = SafeContactConfirmForm(request.POST if request.method == "POST" else None)
    status = form_status(request)
    if request.method == "POST" and check is not None and form.is_valid():
        still_safe = form.cleaned_data["still_safe"]
        details = None if still_safe else SafeContactDetails(**form.new_details())

        def done(answered: Any) -> Done:
            access_record(request=request, action=Action.CHANGE, records=referral)
            said = "confirmed as still safe" if answered.answer == answered.Answer.STILL_SAFE else "replaced"
            return Done(f"Safe-contact details {said}.", reverse("referrals:detail", args=[pk]))

        outcome = run_service(
            request,
            lambda: safe_contact_confirm(user=user, referral_id=referral.pk, still_safe=still_safe, details=details),
            done=done,
            form=form,
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    context = {
        "referral": referral,
        "check": check,
        "carried": carried_over_details(check) if may_answer and check is not None else None,
        "may_answer": may_answer,
        "question": QUESTION,
        "form": form,
        "forms_with_errors": [form] if form.errors else [],
    }
    return render(request, "referrals/safe_contact.html", context, status=status)
