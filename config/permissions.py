"""Who may open which page or API endpoint, by URL name: one map that the pages, the API and the menu read.

Like django-oscar's `permissions_map`: every named URL has an entry (tests/test_permissions_map.py walks
the URL resolver and fails otherwise), and an entry's policy is asked before any view runs:
- pages and the API with a session: `PermissionMapMiddleware`, before the view;
- the API with a token: `FollowsPermissionMap`, the API's default DRF permission class (the token is
  read by DRF inside the view, after the middleware).
A refusal answers the entry's status (404 by the house rule, 403 where the page has always said so), as
a page or, under /api/, as JSON in the API's error shape ({"detail": ...}); a signed-out caller of an
entry that needs sign-in gets the sign-in redirect (pages) or 401 (API). So no view can forget its role
check, and the menu (`menu` in every template's context) offers only links whose policy says yes.

The entry is the role check only. Which record a user may open is still the scoped querysets' answer
(out of scope is 404), and what they may do to it the services' and the case policies' (403 / 409).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from rest_framework.permissions import BasePermission

from accommodation.children_service_policies import may_list_child_cases
from accommodation.sanctuary import policies as sanctuary_policies
from kidas.errors import Refused
from referrals import policies

Policy = Callable[[Any], bool]
REFUSED = "This page is not for your role"


def anyone(user: Any) -> bool:
    """Public pages, sign-in steps, and pages open to every signed-in user (the view asks for sign-in);
    for a page about a record, its scope and services decide."""
    return True


@dataclass(frozen=True)
class Permission:
    policy: Policy
    # 404: the page is not there for this role (the house rule); 403 where the page has always said so.
    refusal: int = 404
    # False: open without signing in (the API lets an anonymous caller through to the view).
    signed_in: bool = True


PUBLIC = Permission(anyone, signed_in=False)
OPEN = Permission(anyone)
TRIAGE = Permission(policies.may_use_triage_queue)
PROVIDER_STAFF = Permission(policies.may_use_caseload)
REFUGES = Permission(policies.may_see_refuge_places)
STEP_DOWNS = Permission(policies.may_list_step_downs)
PARTNER = Permission(policies.is_partner)
BREACHES = Permission(policies.may_see_breaches)
ADMINISTRATOR = Permission(policies.is_administrator)
REPORTS = Permission(policies.may_see_reports, refusal=403)
# The MARAC dataset and the capacity gauges: commissioners, MARAC coordinators (their MARACs: capacity.access)
# and administrators; the posts and populations behind them: commissioners and administrators.
MARAC_DATASET = Permission(policies.may_see_marac_dataset, refusal=403)
CAPACITY_DATA = Permission(policies.may_edit_capacity, refusal=403)
CHILDRENS_SERVICE = Permission(may_list_child_cases)

# Every named URL. The admin site ("admin:") is left to Django's own staff check.
PAGES: dict[str, Permission] = {
    "home": OPEN,
    "schema": PUBLIC,
    "api-docs": PUBLIC,
    "admin-login": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:two-factor": OPEN,
    "accounts:two-factor-set-up": OPEN,
    "accounts:two-factor-qr": OPEN,
    "accounts:recovery-codes": OPEN,
    "intake:self-referral": PUBLIC,
    "intake:self-referral-check": PUBLIC,
    "intake:self-referral-sent": PUBLIC,
    "intake:self-referral-leave": PUBLIC,
    "intake:self-referral-step": PUBLIC,
    "intake:partner-referrals": PARTNER,
    "intake:partner-referral-new": PARTNER,
    "referrals:list": OPEN,
    "referrals:queue": TRIAGE,
    "referrals:new": TRIAGE,
    # Safe accommodation: the board across refuges; a request or stay is the scoped selectors' and the
    # services' answer (accommodation.selectors, referrals.policies.may_answer_refuge_request).
    "accommodation:vacancies": Permission(policies.may_use_vacancy_board),
    "accommodation:requests": Permission(policies.may_use_vacancy_board),
    "accommodation:request": OPEN,
    "accommodation:request-decline": OPEN,
    "accommodation:request-new": OPEN,
    "accommodation:stay-leave": OPEN,
    # The waiting list: the list is provider staff's, triage's and administrators' (their own provider's,
    # waiting.selectors); a referral's place on it is the referral's scope (404) and the provider's to change
    # (referrals.policies.may_manage_waiting, 403); marking a service at capacity is a manager's.
    "waiting:list": Permission(policies.may_use_waiting_list),
    "waiting:capacity": Permission(policies.may_mark_capacity),
    "waiting:capacity-end": Permission(policies.may_mark_capacity),
    "waiting:case": OPEN,
    "waiting:priority": OPEN,
    "waiting:take-on": OPEN,
    "waiting:withdraw": OPEN,
    # The sanctuary scheme: the list is for those who refer or deliver; a record is the scoped selector's
    # (accommodation.sanctuary.selectors) and each step the services' (accommodation.sanctuary.policies).
    "accommodation:sanctuary-list": Permission(sanctuary_policies.may_list_sanctuary_referrals),
    "accommodation:sanctuary-new": OPEN,
    "accommodation:sanctuary": OPEN,
    "accommodation:sanctuary-eligibility": OPEN,
    "accommodation:sanctuary-assessment": OPEN,
    "accommodation:sanctuary-installation": OPEN,
    "accommodation:sanctuary-complete": OPEN,
    "accommodation:sanctuary-end": OPEN,
    # A case's equality monitoring and pathways: the referral's scope (404), then referrals.policies
    # may_see_equality / may_record_equality / may_record_pathway (403) in the views and services.
    "monitoring:equality": OPEN,
    "monitoring:pathways": OPEN,
    # The children's service (SASS): the list for provider staff, triage and administrators; a child's case
    # is seen by whoever may see the survivor's case and by the children's service holding it
    # (accommodation.children_service_selectors.child_cases_visible_to), its steps decided by the services.
    "accommodation:sass-cases": CHILDRENS_SERVICE,
    "accommodation:sass-refer": OPEN,
    "accommodation:sass-case": OPEN,
    "accommodation:sass-start": OPEN,
    "accommodation:sass-goal-new": OPEN,
    "accommodation:sass-session-new": OPEN,
    "accommodation:sass-review": OPEN,
    "accommodation:sass-complete": OPEN,
    "accommodation:sass-close": OPEN,
    # The new-referral page's candidates panel: whoever may record the referral.
    "intake:referral-candidates": TRIAGE,
    "referrals:arrival-match": TRIAGE,
    # Triage or the supporting provider's staff: who may see her details is the case's rule (may_confirm_safe_contact).
    "referrals:safe-contact": OPEN,
    # Merging duplicate people and undoing it: administrators (a merge joins two people's records).
    "intake:person-merge": ADMINISTRATOR,
    "intake:person-unmerge": ADMINISTRATOR,
    "referrals:detail": OPEN,
    "referrals:assess": OPEN,
    "referrals:action": OPEN,
    # A child's page: whoever may see a referral the child is on, and the children's service holding the child's
    # case (referrals.children.children_visible_to, with accommodation's child scope).
    "referrals:child": OPEN,
    "casework:inbox": PROVIDER_STAFF,
    "casework:caseload": PROVIDER_STAFF,
    "casework:refuges": REFUGES,
    "casework:contact": OPEN,
    "casework:note": OPEN,
    "casework:support-start": OPEN,
    "casework:support-end": OPEN,
    "casework:safety-plan": OPEN,
    "casework:reassess": OPEN,
    "casework:transfer": OPEN,
    "casework:close": OPEN,
    "casework:step-downs": STEP_DOWNS,
    "casework:step-down": OPEN,
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
    "sla:breaches": BREACHES,
    "audit:search": ADMINISTRATOR,
    "audit:case-trail": OPEN,
    "audit:correct": OPEN,
    "audit:subject-access": ADMINISTRATOR,
    "audit:person-subject-access": ADMINISTRATOR,
    "reports:dashboard": REPORTS,
    "reports:return": REPORTS,
    "reports:return-csv": REPORTS,
    "reports:return-xlsx": REPORTS,
    "capacity:dataset": MARAC_DATASET,
    "capacity:dataset-csv": MARAC_DATASET,
    "capacity:dataset-xlsx": MARAC_DATASET,
    "capacity:gauges": MARAC_DATASET,
    "capacity:populations": CAPACITY_DATA,
    "capacity:posts": CAPACITY_DATA,
    "capacity:post-end": CAPACITY_DATA,
    "reports:imports": Permission(policies.may_import, refusal=403),
    "reports:import-template": Permission(policies.may_import, refusal=403),
    # An import is a record: out of scope is as if it did not exist.
    "reports:import": Permission(policies.may_import),
    "reports:import-progress": Permission(policies.may_import),
}

# The API (config/api_urls.py, marac/api_urls.py): the same policy as the page that shows the same thing.
API: dict[str, Permission] = {
    "api:token": PUBLIC,
    # Partner systems: no user, the organisation's API key (intake.authentication.HasPartnerApiKey).
    "api:partner-referrals": PUBLIC,
    "api:referrals": OPEN,  # creating one is triage's: the service refuses anyone else (403)
    "api:triage-queue": TRIAGE,
    "api:referral": OPEN,
    # Safe accommodation, as on its pages: the board is the board's; requests and stays are scoped and the
    # services decide who may answer (referrals.policies.may_answer_refuge_request).
    "api:refuge-vacancies": Permission(policies.may_use_vacancy_board),
    "api:refuge-requests": OPEN,
    "api:refuge-request": OPEN,
    "api:refuge-request-answer": OPEN,
    "api:refuge-request-decline": OPEN,
    "api:refuge-leaving": OPEN,
    # The waiting list, as on its pages.
    "api:waiting-list": Permission(policies.may_use_waiting_list),
    "api:referral-waiting": OPEN,
    "api:referral-waiting-priority": OPEN,
    "api:referral-waiting-take-on": OPEN,
    "api:referral-waiting-withdraw": OPEN,
    "api:sanctuary-measures": OPEN,
    # The list, as its page.
    "api:sanctuary-referrals": Permission(sanctuary_policies.may_list_sanctuary_referrals),
    "api:sanctuary-referral-make": OPEN,
    "api:sanctuary-referral": OPEN,
    "api:sanctuary-eligibility": OPEN,
    "api:sanctuary-assessment": OPEN,
    "api:sanctuary-installation": OPEN,
    "api:sanctuary-completion": OPEN,
    "api:sanctuary-end": OPEN,
    # Equality monitoring and pathways, as on their pages.
    "api:referral-equality": OPEN,
    "api:referral-pathways": OPEN,
    # The children's service, as on its pages.
    "api:sass-referrals": OPEN,
    "api:sass-cases": CHILDRENS_SERVICE,
    "api:sass-case": OPEN,
    "api:sass-start": OPEN,
    "api:sass-goals": OPEN,
    "api:sass-sessions": OPEN,
    "api:sass-review": OPEN,
    "api:sass-complete": OPEN,
    "api:sass-close": OPEN,
    # People: whoever may see one of a person's referrals (intake.people.people_visible_to); others get 404.
    "api:people": OPEN,
    "api:person": OPEN,
    "api:risk-assessment": OPEN,
    "api:safe-contact": OPEN,
    # One endpoint per referral action (referrals.actions.ACTIONS): the action's own rules decide.
    "api:referral-accept": OPEN,
    "api:referral-decline": OPEN,
    "api:referral-start-support": OPEN,
    "api:referral-close": OPEN,
    "api:referral-route": OPEN,
    "api:referral-manual-route": OPEN,
    "api:referral-withdraw": OPEN,
    "api:referral-mark-duplicate": OPEN,
    "api:inbox": PROVIDER_STAFF,
    "api:caseload": PROVIDER_STAFF,
    "api:refuges": REFUGES,
    "api:timeline": OPEN,
    "api:contact-attempts": OPEN,
    "api:notes": OPEN,
    "api:support": OPEN,
    "api:support-end": OPEN,
    "api:safety-plan": OPEN,
    "api:reassessment": OPEN,
    "api:transfer": OPEN,
    "api:closure": OPEN,
    "api:step-downs": STEP_DOWNS,
    "api:step-down-approve": OPEN,
    "api:step-down-refuse": OPEN,
    # MARAC: any member of a MARAC, as on the pages.
    "api:maracs": OPEN,
    "api:marac-high-risk-list": OPEN,
    "api:marac-meetings": OPEN,
    "api:marac-figures": OPEN,
    "api:marac-meeting": OPEN,
    "api:marac-meeting-fill": OPEN,
    "api:marac-meeting-details": OPEN,
    "api:marac-meeting-actions": OPEN,
    "api:marac-agenda-item-move": OPEN,
    "api:marac-agenda-item-take-off": OPEN,
    "api:marac-agenda-item-hear": OPEN,
    "api:marac-case": OPEN,
    "api:marac-case-add-to-agenda": OPEN,
    "api:marac-case-research": OPEN,
    "api:marac-case-actions": OPEN,
    "api:marac-action-status": OPEN,
    "api:notifications": OPEN,
    "api:notification-read": OPEN,
    "api:breaches": BREACHES,
    "api:access-events": ADMINISTRATOR,
    "api:quarterly-return": REPORTS,
    "api:capacity-gauges": MARAC_DATASET,
    "api:marac-dataset": MARAC_DATASET,
}

PERMISSIONS: dict[str, Permission] = {**PAGES, **API}


@dataclass(frozen=True)
class MenuLink:
    url_name: str
    label: str
    # Narrows the menu to the roles the page is for, where the page itself is open more widely
    # (MARAC pages open to any member; the menu offers them to coordinators and partners).
    offered_to: Policy = anyone

    @property
    def url(self) -> str:
        return _menu_address(self.url_name, get_script_prefix())


@functools.cache
def _menu_address(url_name: str, script_prefix: str) -> str:
    """A menu page's address (it takes no arguments): reversed once for each page and script prefix, not on
    every page drawn, where the menu's ten reversals were a tenth of a small page's time."""
    return reverse(url_name)


MENU: tuple[MenuLink, ...] = (
    MenuLink("referrals:queue", "Triage queue"),
    MenuLink("referrals:new", "New referral"),
    MenuLink("casework:inbox", "Inbox"),
    MenuLink("casework:caseload", "Caseload"),
    # Triage may look at the refuge board too; it is in the menu of those who fill the places.
    MenuLink("casework:refuges", "Refuge places", offered_to=policies.may_use_caseload),
    MenuLink("casework:step-downs", "Step-downs"),
    MenuLink("accommodation:requests", "Refuge requests"),
    MenuLink("waiting:list", "Waiting list"),
    MenuLink("accommodation:sanctuary-list", "Sanctuary scheme"),
    MenuLink("accommodation:sass-cases", "Children's service"),
    MenuLink("intake:partner-referral-new", "Make a referral"),
    MenuLink("intake:partner-referrals", "Your referrals"),
    MenuLink("referrals:list", "Referrals", offered_to=policies.may_list_referrals),
    MenuLink("marac:list", "MARAC", offered_to=policies.may_use_marac),
    MenuLink("sla:breaches", "Breaches"),
    MenuLink("audit:search", "Audit trail"),
    MenuLink("reports:dashboard", "Reports"),
    MenuLink("capacity:dataset", "MARAC dataset"),
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


def permission_of(request: HttpRequest) -> Permission | None:
    """The map's entry for the URL a request resolved to; None for no entry (refused: fail closed)."""
    match = request.resolver_match
    return PERMISSIONS.get(match.view_name) if match is not None else None


def _takes(view: Any, method: str) -> bool:
    """Whether a class-based view (or its as_view() function) takes the method at all. One it does not take
    answers 405 whoever asks, which says nothing about any role, so the view gives that answer itself."""
    handler_owner = getattr(view, "cls", None) or getattr(view, "view_class", None) or view
    name = method.lower()
    if not hasattr(handler_owner, "http_method_names"):
        return True  # a function view: its own decorators say which methods it takes
    return name in handler_owner.http_method_names and hasattr(handler_owner, name)


def _is_admin_site(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and "admin" in match.namespaces


class PermissionMapMiddleware:
    """Refuses a page or API call its URL's policy does not allow, before the view runs: the entry's status
    (Http404 / PermissionDenied, which kidas.views answers as JSON under /api/). A URL with no entry is
    refused (fail closed). Signed-out visitors pass through to the view's own sign-in redirect or 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        if _is_admin_site(request) or not _takes(view, request.method or ""):
            return
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        permission = permission_of(request)
        if permission is None:
            raise Http404("No such page")
        if not permission.policy(user):
            if permission.refusal == 403:
                raise PermissionDenied(REFUSED)
            raise Http404(REFUSED)


class FollowsPermissionMap(BasePermission):
    """The API's default permission class (settings.REST_FRAMEWORK): the map's entry for the endpoint's
    URL name, for every caller DRF authenticates (tokens as well as sessions). Signed out: 401."""

    message = REFUSED

    def has_permission(self, request: Any, view: Any) -> bool:
        permission = permission_of(request)  # DRF's request passes resolver_match through
        if permission is None:
            raise Refused("No such endpoint", 404)
        if not permission.signed_in:
            return True
        user = request.user
        if user is None or not user.is_authenticated:
            return False  # DRF answers 401: not signed in
        if not _takes(view, request.method) or permission.policy(user):
            return True
        raise Refused(REFUSED, permission.refusal)
