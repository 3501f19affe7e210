"""Reads. One scoped queryset per model: every page, API endpoint and export goes through these.
Out of scope is 404, never 403.

- A MARAC's members (coordinators and partner agency staff, by MaracMembership) see its meetings.
- Coordinators see every case of their MARACs (the high-risk list); partner agency staff see only
  the cases on an agenda of their MARAC, and never the wider referral record.
- Research is for members of the case's MARAC only.
- Actions: coordinators see all of their MARACs'; partner staff only their own agency's; the
  provider a referral was routed to (the IDVA) sees the actions on its own cases.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, TextChoices
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from kidas.db.columns import own_columns
from kidas.db.one_value import columns_as_one_value
from kidas.db.paging import PageByIds
from marac.models import (
    ActionStatus,
    AgendaItem,
    AgendaState,
    Marac,
    MaracAction,
    MaracMeeting,
    MaracMembership,
    MaracReferral,
    Research,
)
from marac.rules import LEFT_MARAC_STATES, QuarterFigures, quarterly_figures
from referrals.models import LivesInHousehold, RiskAssessment
from referrals.policies import is_marac_coordinator


def _signed_in(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _my_maracs(user: User) -> QuerySet[MaracMembership, Any]:
    return MaracMembership.objects.filter(user=user).values("marac")


def is_coordinator(user: User) -> bool:
    return is_marac_coordinator(user)


def may_coordinate_marac(user: User, marac_id: int) -> bool:
    """A coordinator of this MARAC (a member of it), or an administrator."""
    return is_marac_coordinator(user) and maracs_visible_to(user).filter(pk=marac_id).exists()


def maracs_visible_to(user: User) -> QuerySet[Marac]:
    return _in_my_maracs(Marac.objects.all(), user, marac="pk")


def _in_my_maracs(rows: QuerySet[Any], user: User, *, marac: str = "marac") -> QuerySet[Any]:
    """`rows` of the MARACs the user may see (`marac` names the MARAC's key in them): every one for an
    administrator, else those they are a member of, by their memberships alone. Meetings and cases are not
    scoped through maracs_visible_to: a subquery inside a subquery that the database took longer to plan than
    to run."""
    if not _signed_in(user):
        return rows.none()
    if user.is_administrator:
        return rows
    return rows.filter(**{f"{marac}__in": _my_maracs(user)})


def meetings_visible_to(user: User) -> QuerySet[MaracMeeting]:
    return _in_my_maracs(MaracMeeting.objects.all(), user)


class CaseReach(TextChoices):
    """How many of their MARACs' cases someone sees."""

    EVERY = "every", "Every case (coordinators and administrators)"
    ON_AN_AGENDA = "on-an-agenda", "Cases on an agenda (partner agency staff)"


def case_reach_of(user: User) -> CaseReach | None:
    if not _signed_in(user):
        return None
    if is_coordinator(user):
        return CaseReach.EVERY
    if user.role == Role.PARTNER_USER:
        return CaseReach.ON_AN_AGENDA
    return None


def cases_within(cases: QuerySet[MaracReferral], reach: CaseReach) -> QuerySet[MaracReferral]:
    if reach == CaseReach.ON_AN_AGENDA:
        return cases.filter(Exists(AgendaItem.objects.filter(case=OuterRef("pk"))))
    return cases


def marac_cases_visible_to(user: User) -> QuerySet[MaracReferral]:
    """MARAC cases (MaracReferral rows) in scope for the MARAC pages: of their MARACs (`_in_my_maracs`), as
    many as their reach."""
    reach = case_reach_of(user)
    if reach is None:
        return MaracReferral.objects.none()
    return cases_within(_in_my_maracs(MaracReferral.objects.all(), user), reach)


def agenda_items_visible_to(user: User) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting__in=meetings_visible_to(user))


def research_visible_to(user: User) -> QuerySet[Research]:
    return Research.objects.filter(case__in=marac_cases_visible_to(user))


def marac_actions_visible_to(user: User) -> QuerySet[MaracAction]:
    if not _signed_in(user):
        return MaracAction.objects.none()
    if is_coordinator(user):
        return MaracAction.objects.filter(case__in=marac_cases_visible_to(user))
    if user.role == Role.PARTNER_USER and user.organisation_id:
        return MaracAction.objects.filter(case__in=marac_cases_visible_to(user), owner_id=user.organisation_id)
    if user.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER) and user.organisation_id:
        return MaracAction.objects.filter(
            Q(case__referral__provider_id=user.organisation_id) | Q(owner_id=user.organisation_id)
        )
    return MaracAction.objects.none()


def _get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found, or not one you may see") from None


def marac_get_for_user(user: User, slug: str) -> Marac:
    return _get_or_404(maracs_visible_to(user), slug=slug)


def meeting_get_for_user(user: User, meeting_id: int) -> MaracMeeting:
    return _get_or_404(meetings_visible_to(user).select_related("marac"), pk=meeting_id)


def marac_case_get_for_user(user: User, case_id: int) -> MaracReferral:
    return _get_or_404(
        marac_cases_visible_to(user).select_related("referral__district", "marac", "repeat_of__marac"), pk=case_id
    )


def marac_case_named_for_user(user: User, case_id: int) -> MaracReferral:
    """A MARAC case in scope with what its form pages name: its MARAC and the survivor."""
    cases = marac_cases_visible_to(user).select_related("marac", "referral")
    return _get_or_404(cases.only(*MARAC_CASE_NAMED), pk=case_id)


# The referral's state too: its state machine keeps the state it was read with (ConcurrentTransitionMixin).
MARAC_CASE_NAMED = ("referral__first_name", "referral__last_name", "referral__state", "marac__name", "marac__slug")


def agenda_item_get_for_user(user: User, item_id: int) -> AgendaItem:
    items = agenda_items_visible_to(user).select_related("meeting__marac", "case__referral")
    return _get_or_404(items.annotate(**since_listed("case__")), pk=item_id)


def agenda_item_named_for_user(user: User, item_id: int) -> AgendaItem:
    """An agenda item in scope with what its form pages name: the meeting (its MARAC and date) and the
    survivor. Nothing else of the case or the referral is read; the services read the item again, locked."""
    items = agenda_items_visible_to(user).select_related("meeting__marac", "case__referral")
    return _get_or_404(items.only(*AGENDA_ITEM_NAMED), pk=item_id)


AGENDA_ITEM_NAMED = (
    "state",
    "meeting__held_on",
    "meeting__marac__name",
    "meeting__marac__slug",
    "case__referral__first_name",
    "case__referral__last_name",
    "case__referral__state",  # kept by the referral's state machine (ConcurrentTransitionMixin)
)


def marac_action_get_for_user(user: User, action_id: int) -> MaracAction:
    return _get_or_404(marac_actions_visible_to(user).select_related("owner", "case"), pk=action_id)


def since_listed(case: str = "") -> dict[str, Subquery]:
    """The latest risk assessment after the case was listed at MARAC (a reassessment): its level and when, as
    one value (`reassessment`, read as `reassessed_level` and `reassessed_at`). `case` is the path to the
    MaracReferral ("" on MaracReferral rows, "case__" on agenda items). Strictly after: the assessment that
    listed the case is saved just before the listing."""
    later = RiskAssessment.objects.filter(
        referral_id=OuterRef(f"{case}referral_id"), assessed_at__gt=OuterRef(f"{case}created_at")
    ).order_by("-assessed_at", "-id")
    pair = columns_as_one_value("level", "assessed_at")  # read back by marac.models.ReassessmentRead
    return {"reassessment": Subquery(later.annotate(pair=pair).values("pair")[:1])}


def high_risk_list(user: User, marac: Marac) -> QuerySet[MaracReferral]:
    """Cases of a MARAC not yet heard, oldest first. Withdrawn and duplicate referrals have left the list.
    Only the cases, in order: a page of them is read with `high_risk_rows` (the list is read a page at a time)."""
    return (
        marac_cases_visible_to(user)
        .filter(marac=marac, heard_on__isnull=True)
        .exclude(referral__state__in=LEFT_MARAC_STATES)
        .order_by("created_at", "id")
    )


# What a list of MARAC cases (the high-risk list, a meeting's agenda and actions: pages, API and exports) reads of
# each case's referral: who, where, what has happened since, who referred (the household's referring agency), and
# what masking her free text needs (its state and provider, who may read it; the code word). Not her address,
# contact details or circumstances: the whole referral is fifty columns, read for every case on the list.
CASE_REFERRAL = (
    "first_name",
    "last_name",
    "date_of_birth",
    "district",
    "state",
    "state_changed_at",
    "source",
    "referrer_organisation",
    "provider",
    "code_word",
)


def case_columns(case: str = "") -> tuple[str, ...]:
    """What a list reads of each MARAC case, as `only()` paths from its rows (`case` is "" on MaracReferral rows,
    "case__" on agenda items and actions): the case, its referral's CASE_REFERRAL, its district, its MARAC and the
    earlier listing it repeats."""
    return (
        *own_columns(MaracReferral, case, leaving_out=("created_by",)),
        *(f"{case}referral__{name}" for name in CASE_REFERRAL),
        f"{case}referral__district__name",
        f"{case}marac__name",
        f"{case}marac__slug",
        f"{case}repeat_of__marac__name",
        f"{case}repeat_of__created_at",
        f"{case}repeat_of__heard_on",
    )


def high_risk_rows(cases: QuerySet[MaracReferral]) -> QuerySet[MaracReferral]:
    """What the high-risk list shows of its cases (case_columns): the meeting each is listed for (if any: its
    `listed_meeting_id`, None when it is on no agenda) and what has happened to the referral since."""
    listing = AgendaItem.objects.filter(case=OuterRef("pk"), state=AgendaState.LISTED)
    return (
        cases.select_related("marac", "referral__district", "repeat_of__marac")
        .only(*case_columns())
        .annotate(
            # The meeting it is listed for and its day, as one value (read by MaracReferral.listed_for).
            listing=Subquery(
                listing.annotate(pair=columns_as_one_value("meeting_id", "meeting__held_on")).values("pair")[:1]
            ),
            **since_listed(),
        )
    )


def high_risk_pages(user: User, marac: Marac) -> PageByIds:
    """The high-risk list for a paginator: a page's cases in order, then their rows by their ids alone (the
    waiting cases' filter led the planner through every MARAC's open cases); counted exactly (a coordinator
    plans meetings by how many wait), or estimated when the list is long (kidas.db.paging)."""
    return PageByIds(
        high_risk_list(user, marac), rows=high_risk_rows, rows_from=MaracReferral.objects.all(), estimate=True
    )


def marac_meetings(user: User, marac: Marac) -> QuerySet[MaracMeeting]:
    """A MARAC's meetings, the latest first (the next one a coordinator plans, then the ones just held)."""
    return meetings_visible_to(user).filter(marac=marac).select_related("marac").order_by("-held_on", "-id")


def coming_meetings(user: User, marac: Marac) -> QuerySet[MaracMeeting]:
    """The meetings of a MARAC still to come (today's included), soonest first."""
    return meetings_visible_to(user).filter(marac=marac, held_on__gte=timezone.localdate()).order_by("held_on", "id")


def days_waiting(case: MaracReferral, today: date | None = None) -> int:
    return ((today or timezone.localdate()) - timezone.localtime(case.created_at).date()).days


def meeting_agenda(user: User, meeting: MaracMeeting) -> QuerySet[AgendaItem]:
    return (
        agenda_items_visible_to(user)
        .filter(meeting=meeting)
        .select_related("case__referral__district", "case__marac", "case__repeat_of__marac")
        .only(*own_columns(AgendaItem), *case_columns("case__"))
        .annotate(**since_listed("case__"))
        .order_by("position", "id")
    )


def meeting_actions(user: User, meeting: MaracMeeting) -> QuerySet[MaracAction]:
    return (
        marac_actions_visible_to(user)
        .filter(meeting=meeting)
        .select_related("owner", "case__referral")
        .only(
            *own_columns(MaracAction),
            "owner__name",
            "owner__slug",
            "case__referral",
            *(f"case__referral__{name}" for name in CASE_REFERRAL),
        )
        .order_by("case__referral__last_name", "due_on", "id")
    )


def referral_marac_history(user: User, referral_id: int) -> list[MaracReferral]:
    """The MARAC listings of a referral, each with its open actions the user may see: one call, two queries.
    The caller has already found the referral through referrals_visible_to."""
    from django.db.models import Prefetch

    return list(
        MaracReferral.objects.filter(referral_id=referral_id)
        .select_related("marac", "repeat_of__marac")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=marac_actions_visible_to(user)
                .filter(status=ActionStatus.OPEN)
                .select_related("owner")
                .order_by("due_on", "id"),
                to_attr="open_actions",
            )
        )
        .order_by("-created_at", "-id")
    )


def marac_quarterly_figures(cases: QuerySet[MaracReferral]) -> list[QuarterFigures]:
    """Per quarter, over `cases` (of one MARAC), with the children in the households heard: every child on the
    referral but those recorded as not living there (unknown counts: the MARAC should hear of them). The cases
    are counted by the database, per day, repeat and source (a row per case read Swale's 14,000 cases heard,
    65 ms). Read through marac.stored_quarters, which counts them once for everyone with the same reach."""
    rows = (
        cases.filter(heard_on__isnull=False)
        .values("heard_on", "is_repeat", "referral__source")
        .annotate(
            # Each case joins its referral's children: the cases counted once each, the children summed over them.
            cases=Count("pk", distinct=True),
            children=Count(
                "referral__child_links", filter=~Q(referral__child_links__lives_in_household=LivesInHousehold.NO)
            ),
        )
        .order_by()
        .values_list("heard_on", "is_repeat", "referral__source", "cases", "children")
    )
    heard = [(day, repeat, source, cases, children) for day, repeat, source, cases, children in rows if day]
    return quarterly_figures(heard, as_of=timezone.localdate())
