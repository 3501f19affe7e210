"""What the apps above referrals add to its scope, work lists and pages, registered from their
AppConfig.ready() (ARCHITECTURE.md): referrals never imports them.

- Scope: who else may see a referral, by role (MARAC coordinators: the cases at their MARACs). A role with
  no scope registered sees nothing: unknown is no access.
- Children: who else may see a child's page (the children's service holding the child's case), and what
  the page shows of it. A condition on people.Person, built from the user's own fields only.
- Work-list deadlines: the deadline a list shows and the triage queue is ordered by (service levels).
- Page context: what the referral's page and an action's confirmation page show of the features above
  (casework's timeline and closure, MARAC's listings). Each returns template context; the templates say
  how it looks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Exists, Q, QuerySet

Rows = TypeVar("Rows", bound=QuerySet[Any])
# The referrals a user of the role may see: a condition on Referral, built from the user's own fields only.
Scope = Callable[[Any], Q | Exists]
# The children (people.Person rows) a user may also see beyond the referrals' scope: a condition on Person.
ChildScope = Callable[[Any], Q | Exists]
# (user, child) -> context for the child's page.
ChildContext = Callable[[Any, Any], dict[str, Any]]
# (user, referral, readable) -> context: `readable` shows free text as this user may read it.
DetailContext = Callable[[Any, Any, Callable[[str], str]], dict[str, Any]]
# (referral, move) -> context for the confirmation page of a move.
ActionContext = Callable[[Any, str], dict[str, Any]]


def _unordered(referrals: Rows) -> Rows:
    return referrals


def _oldest_first(referrals: Rows) -> Rows:
    return referrals.order_by("received_at", "id")


def _unmarked(rows: Iterable[Any]) -> list[Any]:
    return list(rows)


def _no_deadline(row: Any) -> str:
    return "–"


@dataclass(frozen=True)
class WorkListDeadlines:
    # Each referral annotated with its current deadline.
    annotate: Callable[[Rows], Rows]
    # The most urgent deadline first: a queryset, or a sequence a Paginator can page (it reads only the page).
    by_deadline: Callable[[Rows], Any]
    # Each row of `annotate` given its deadline status, judged at one moment.
    mark: Callable[[Iterable[Any]], list[Any]]
    # The API's serializer of such a row (None: the summary without a deadline).
    row_serializer: type[Any] | None = None
    # A list page's table cell for a marked row: its markup, escaped.
    cell: Callable[[Any], str] = _no_deadline


NO_DEADLINES = WorkListDeadlines(annotate=_unordered, by_deadline=_oldest_first, mark=_unmarked)


@dataclass
class Extensions:
    scopes: dict[str, Scope]
    deadlines: WorkListDeadlines
    detail_context: list[DetailContext]
    action_context: list[ActionContext]
    child_scopes: list[ChildScope]
    child_context: list[ChildContext]


registered = Extensions(
    scopes={}, deadlines=NO_DEADLINES, detail_context=[], action_context=[], child_scopes=[], child_context=[]
)


def register_scope(role: str, scope: Scope) -> None:
    registered.scopes[role] = scope


def register_deadlines(deadlines: WorkListDeadlines) -> None:
    registered.deadlines = deadlines


def register_detail_context(context: DetailContext) -> None:
    if context not in registered.detail_context:
        registered.detail_context.append(context)


def register_action_context(context: ActionContext) -> None:
    if context not in registered.action_context:
        registered.action_context.append(context)


def register_child_scope(scope: ChildScope) -> None:
    if scope not in registered.child_scopes:
        registered.child_scopes.append(scope)


def register_child_context(context: ChildContext) -> None:
    if context not in registered.child_context:
        registered.child_context.append(context)


def child_context(user: Any, child: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for contribute in registered.child_context:
        context.update(contribute(user, child))
    return context


def detail_context(user: Any, referral: Any, readable: Callable[[str], str]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for contribute in registered.detail_context:
        context.update(contribute(user, referral, readable))
    return context


def action_context(referral: Any, move: str) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for contribute in registered.action_context:
        context.update(contribute(referral, move))
    return context
