"""Who may open which page, by URL name: one map that both the pages and the menu read.

Like django-oscar's `permissions_map`: every named page URL has an entry (tests/test_permissions_map.py
fails otherwise), `PermissionMapMiddleware` refuses a page whose policy says no before its view runs,
and the menu (`menu` in every template's context) offers only links whose policy says yes. So no view
can forget its role check, and the menu never offers a page that answers 403 or 404.

The entry is the role check only. Which record a user may open is still the scoped querysets' answer
(out of scope is 404), and what they may do to it the services' (403 / 409).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from referrals import policies

Policy = Callable[[Any], bool]


def anyone(user: Any) -> bool:
    """Public pages, sign-in steps, and pages open to every signed-in user (the view asks for sign-in);
    for a page about a record, its scope and services decide."""
    return True


@dataclass(frozen=True)
class Permission:
    policy: Policy
    # 404: the page is not there for this role (the house rule); 403 where the page has always said so.
    refusal: int = 404


OPEN = Permission(anyone)
TRIAGE = Permission(policies.may_use_triage_queue)
PROVIDER_STAFF = Permission(policies.may_use_caseload)
PARTNER = Permission(policies.is_partner)
ADMINISTRATOR = Permission(policies.is_administrator)
REPORTS = Permission(policies.may_see_reports, refusal=403)

# Every named URL of the pages (the API's own, under "api:", are guarded by DRF permission classes
# and the services; the admin site by Django's staff check).
PERMISSIONS: dict[str, Permission] = {
    "home": OPEN,
    "schema": OPEN,
    "api-docs": OPEN,
    "admin-login": OPEN,
    "accounts:login": OPEN,
    "accounts:logout": OPEN,
    "accounts:two-factor": OPEN,
    "accounts:two-factor-set-up": OPEN,
    "accounts:two-factor-qr": OPEN,
    "accounts:recovery-codes": OPEN,
    "intake:self-referral": OPEN,
    "intake:self-referral-check": OPEN,
    "intake:self-referral-sent": OPEN,
    "intake:self-referral-leave": OPEN,
    "intake:self-referral-step": OPEN,
    "intake:partner-referrals": PARTNER,
    "intake:partner-referral-new": PARTNER,
    "referrals:list": OPEN,
    "referrals:queue": TRIAGE,
    "referrals:new": TRIAGE,
    "referrals:detail": OPEN,
    "referrals:assess": OPEN,
    "referrals:action": OPEN,
    "casework:inbox": PROVIDER_STAFF,
    "casework:caseload": PROVIDER_STAFF,
    "casework:refuges": PROVIDER_STAFF,
    "casework:contact": OPEN,
    "casework:note": OPEN,
    "casework:support-start": OPEN,
    "casework:support-end": OPEN,
    "casework:safety-plan": OPEN,
    "casework:reassess": OPEN,
    "casework:transfer": OPEN,
    "casework:close": OPEN,
    "casework:step-downs": Permission(policies.may_list_step_downs),
    "casework:step-down": OPEN,
    # Safe accommodation: the board across refuges; a request or stay is the scoped selectors' and the
    # services' answer (accommodation.selectors, referrals.policies.may_answer_refuge_request).
    "accommodation:vacancies": Permission(policies.may_use_vacancy_board),
    "accommodation:requests": Permission(policies.may_use_vacancy_board),
    "accommodation:request": OPEN,
    "accommodation:request-decline": OPEN,
    "accommodation:request-new": OPEN,
    "accommodation:stay-leave": OPEN,
    # MARAC pages: any member of a MARAC sees its pages (maracs_visible_to), whatever their role.
    "marac:list": OPEN,
    "marac:detail": OPEN,
    "marac:meeting-new": OPEN,
    "marac:figures": OPEN,
    "marac:meeting": OPEN,
    "marac:meeting-fill": OPEN,
    "marac:meeting-details": OPEN,
    "marac:meeting-print": OPEN,
    "marac:meeting-pdf": OPEN,
    "marac:meeting-agenda-csv": OPEN,
    "marac:meeting-actions-csv": OPEN,
    "marac:item-move": OPEN,
    "marac:item-hear": OPEN,
    "marac:item-take-off": OPEN,
    "marac:case": OPEN,
    "marac:case-research": OPEN,
    "marac:case-add-to-agenda": OPEN,
    "marac:case-action-new": OPEN,
    "marac:action-status": OPEN,
    "sla:notifications": OPEN,
    "sla:notifications-read-all": OPEN,
    "sla:notification-read": OPEN,
    "sla:breaches": Permission(policies.may_see_breaches),
    "audit:search": ADMINISTRATOR,
    "audit:case-trail": OPEN,
    "audit:correct": OPEN,
    "audit:subject-access": ADMINISTRATOR,
    "reports:dashboard": REPORTS,
    "reports:return": REPORTS,
    "reports:return-csv": REPORTS,
    "reports:return-xlsx": REPORTS,
    "reports:imports": Permission(policies.may_import, refusal=403),
    "reports:import-template": Permission(policies.may_import, refusal=403),
    # An import is a record: out of scope is as if it did not exist.
    "reports:import": Permission(policies.may_import),
    "reports:import-progress": Permission(policies.may_import),
}


@dataclass(frozen=True)
class MenuLink:
    url_name: str
    label: str
    # Narrows the menu to the roles the page is for, where the page itself is open more widely
    # (MARAC pages open to any member; the menu offers them to coordinators and partners).
    offered_to: Policy = anyone


MENU: tuple[MenuLink, ...] = (
    MenuLink("referrals:queue", "Triage queue"),
    MenuLink("referrals:new", "New referral"),
    MenuLink("casework:inbox", "Inbox"),
    MenuLink("casework:caseload", "Caseload"),
    MenuLink("casework:refuges", "Refuge places"),
    MenuLink("casework:step-downs", "Step-downs"),
    MenuLink("accommodation:requests", "Refuge requests"),
    MenuLink("intake:partner-referral-new", "Make a referral"),
    MenuLink("intake:partner-referrals", "Your referrals"),
    MenuLink("referrals:list", "Referrals", offered_to=policies.may_list_referrals),
    MenuLink("marac:list", "MARAC", offered_to=policies.may_use_marac),
    MenuLink("sla:breaches", "Breaches"),
    MenuLink("audit:search", "Audit trail"),
    MenuLink("reports:dashboard", "Reports"),
    MenuLink("sla:notifications", "Notifications"),
)


def may_open(user: Any, url_name: str) -> bool:
    permission = PERMISSIONS.get(url_name)
    return permission is not None and permission.policy(user)


def menu_for(user: Any) -> list[MenuLink]:
    return [link for link in MENU if may_open(user, link.url_name) and link.offered_to(user)]


def menu(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the menu links this user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": menu_for(user)}


class PermissionMapMiddleware:
    """Refuses a page its URL's policy does not allow, before the view runs. A page with no entry is
    refused (fail closed). Signed-out visitors pass through to the view's own sign-in redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if not name or name.startswith(("api:", "admin:")) or match is None or match.namespace == "admin":
            return
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        permission = PERMISSIONS.get(name)
        if permission is None:
            raise Http404("No such page")
        if not permission.policy(user):
            if permission.refusal == 403:
                raise PermissionDenied("This page is not for your role")
            raise Http404("This page is not for your role")
