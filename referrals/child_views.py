"""The child's page: who they are, the households they are in, their needs and the help they get."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.pages import Done, form_status, run_service
from referrals.children import child_need_record, child_page
from referrals.forms import ChildNeedForm


@login_required
@require_http_methods(["GET", "POST"])
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    page = child_page(user=user, person_id=pk, on=timezone.localdate())
    access_record(request=request, action=Action.VIEW, records=page.referral_ids, what="Child")
    form = ChildNeedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: child_need_record(
                user=user, person_id=pk, need=form.cleaned_data["need"], help_given=form.cleaned_data["help_given"]
            ),
            done=lambda _: Done("Need recorded.", reverse("referrals:child", args=[pk])),
            form=form,
        )
        if outcome.response is not None:
            return outcome.response
    return render(request, "referrals/child.html", {"page": page, "form": form}, status=form_status(request))
