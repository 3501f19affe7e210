"""Reads. `referrals_visible_to` is the one place that decides who may see which referral:
every page, API endpoint and export goes through it. Out of scope is 404, never 403."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.http import Http404

from accounts.models import Role, User
from accounts.selectors import NAME_COLUMNS, named, with_names
from kidas.db.columns import own_columns
from people.models import Person
from referrals.extensions import registered
from referrals.models import ArrivalMatch, Referral, RiskAssessment, SafeContactCheck
from referrals.states import OPEN_CASE_STATES, TRIAGE_QUEUE_STATES


def sees_every_referral(user: User) -> bool:
    """Administrators and triage, signed in and active. The triage service is the single point of access: it
    handles every referral and must see earlier ones to spot repeats and duplicates."""
    return bool(user.is_authenticated and user.is_active and (user.is_administrator or user.role == Role.TRIAGE_WORKER))


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    referrals = Referral.objects.all()
    if sees_every_referral(user):
        return referrals
    if not user.is_authenticated or not user.is_active:
        return referrals.none()
    if user.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER) and user.organisation_id:
        return referrals_held_by(user.organisation_id)
    scope = registered.scopes.get(user.role)  # e.g. MARAC coordinators: marac/handlers.py
    if scope is not None:
        return referrals.filter(scope(user))
    return referrals.none()


def referrals_held_by(provider_id: int) -> QuerySet[Referral]:
    """The referrals a provider's workers and managers see: those it holds now."""
    return Referral.objects.filter(provider_id=provider_id)


def of_visible_referrals(rows: QuerySet[Any], user: User) -> QuerySet[Any]:
    """`rows` (of a model whose `referral` is required) whose referral the user may see. Someone who sees every
    referral (triage, administrators) gets `rows` as they are: filtering by "any referral" made the database
    join a million referrals to keep them all (the breaches page's summary, 0.9 s)."""
    if sees_every_referral(user):
        return rows
    return rows.filter(referral__in=referrals_visible_to(user))


# What a referral's page and API answer show of its relations (the routing rule explains where it went).
REFERRAL_RELATED = (
    "district__area",
    "provider",
    "service",
    "routing_rule__area",
    "routing_rule__provider",
    "routing_rule__service",
)


# What a referral's summary shows (the API's summary rows, in their order) and what a list of referrals reads of
# each (the referral list, the triage queue and the inbox, page and API): the summary's columns, the code word (a
# declined row's reason is masked with it) and the decline reason, with the district and provider joined for their
# names. Not her address, contact details or circumstances: fifty rows of every column cost more to read than the
# rest of the page.
SUMMARY_COLUMNS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "district",
    "source",
    "channel",
    "state",
    "risk_level",
    "provider",
    "is_repeat",
    "received_at",
    "state_changed_at",
)
LISTED = (*SUMMARY_COLUMNS, "last_decline_reason", "code_word")


def listed(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """`referrals` as a list shows them (LISTED), with their district and provider."""
    return referrals.select_related("district", "provider").only(*LISTED)


# What a referral's page reads with the referral (REFERRAL_RELATED, the question whether her carried-over safe-contact
# details are still safe, and whether she is someone already known), and of those rows: all of the referral and of
# its relations, the safe-contact question and the match, the names of who answered them, and of the earlier
# referral her details were carried from, its reference and when it came (not her whole earlier record).
PAGE_RELATED = (
    *REFERRAL_RELATED,
    "arrival_match__answered_by",
    "safe_contact_check__carried_from",
    "safe_contact_check__answered_by",
)
PAGE_COLUMNS = (
    *own_columns(Referral),
    *own_columns(ArrivalMatch, "arrival_match__"),
    *named("arrival_match__answered_by"),
    *own_columns(SafeContactCheck, "safe_contact_check__"),
    *named("safe_contact_check__answered_by"),
    "safe_contact_check__carried_from__received_at",
)


def as_its_api_shows_it(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Referrals with what a referral's API answer shows of them: its relations (REFERRAL_RELATED), the
    safe-contact question with who answered it, and its lists: her children, who moved it (by name, not their
    accounts), its MARAC listings, the people linked to it. Each list in a statement of its own (a join to each
    list's people cost more to build than the second statement took)."""
    return referrals.select_related(*REFERRAL_RELATED, "safe_contact_check__answered_by").prefetch_related(
        "children",
        Prefetch("state_changes__by", User.objects.only(*NAME_COLUMNS)),
        "marac_referrals__marac",
        "perpetrator_links__person",
        "child_links__person",
    )


def assessments_read(assessments: QuerySet[RiskAssessment]) -> QuerySet[RiskAssessment]:
    """A case's assessments as its page and timeline show them: with who assessed, by name."""
    return with_names(assessments, "assessed_by")


def referral_get_for_user(
    user: User, referral_id: int | str, *, also: tuple[str, ...] = (), columns: tuple[str, ...] = ()
) -> Referral:
    """The referral, with the relations named in `also` read in the same statement (REFERRAL_RELATED for a page
    that shows them), else 404. Only those: each joined table costs the planner more than reading the row
    (ten tables: 0.9 ms to plan, 0.1 ms to run), and most callers want the referral for its scope and state.
    `columns`, when given, are the only columns read (`only()` paths: PAGE_COLUMNS)."""
    referrals = referrals_visible_to(user).select_related(*also)
    try:
        return (referrals.only(*columns) if columns else referrals).get(pk=referral_id)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral") from None


def survivor_visible_to(user: User, person_id: int) -> Person | None:
    """The survivor of one of the referrals this user may see (not merged into another), else None."""
    return (
        Person.objects.filter(pk=person_id, merged_into__isnull=True)
        .filter(Exists(referrals_visible_to(user).filter(survivor=OuterRef("pk"))))
        .first()
    )


def triage_queue(user: User) -> QuerySet[Referral]:
    """Referrals the triage team still has to act on. Listed the most urgent deadline first
    (the service levels' deadline, referrals.extensions): a referral overdue for weeks must not sit below today's."""
    return referrals_visible_to(user).filter(state__in=TRIAGE_QUEUE_STATES)


def earlier_referrals_of_person(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    postcode: str = "",
    phones: tuple[str, ...] = (),
    before: datetime | None = None,
    exclude_id: int | None = None,
) -> QuerySet[Referral]:
    """The same person: name and date of birth, plus the same postcode or phone number."""
    same_contact = Q(pk__in=[])
    if postcode:
        same_contact |= Q(postcode=postcode)
    for phone in (p for p in phones if p):
        same_contact |= Q(phone=phone) | Q(safe_phone=phone)
    # Names compared in lower case on both sides, as the index referral_person_match holds them: Django's
    # iexact compares in upper case, which no index has, and walked every referral born that day (20 ms a page).
    matches = (
        Referral.objects.alias(last_lower=Lower("last_name"), first_lower=Lower("first_name"))
        .filter(
            last_lower=Lower(Value(last_name.strip())),
            first_lower=Lower(Value(first_name.strip())),
            date_of_birth=date_of_birth,
        )
        .filter(same_contact)
    )
    if before is not None:
        matches = matches.filter(received_at__lt=before)
    if exclude_id is not None:
        matches = matches.exclude(pk=exclude_id)
    return matches.order_by("-received_at")


def same_person_as(referral: Referral, *, before: datetime | None = None) -> QuerySet[Referral]:
    """Other referrals of this referral's person, by the rule of earlier_referrals_of_person."""
    return earlier_referrals_of_person(
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        postcode=referral.postcode,
        phones=(referral.phone, referral.safe_phone),
        before=before,
        exclude_id=referral.pk,
    )


def open_cases_of_survivor(referral: Referral) -> QuerySet[Referral]:
    """The survivor's other cases a provider holds open (accepted or in support), newest first."""
    if referral.survivor_id is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(survivor_id=referral.survivor_id, state__in=OPEN_CASE_STATES)
        .exclude(pk=referral.pk)
        .select_related("provider", "allocated_worker")
        .order_by("-received_at", "-id")
    )


def open_case_with_another_provider(referral: Referral, provider_id: int | None) -> Referral | None:
    """The survivor's open case when none is with `provider_id` (where the rules would send the referral):
    sending it there would hand her to a second provider. None when she has no open case, or one is there."""
    open_cases = list(open_cases_of_survivor(referral))
    if not open_cases or any(case.provider_id == provider_id for case in open_cases):
        return None
    return open_cases[0]


def new_referrals_for_open_case(case: Referral) -> QuerySet[Referral]:
    """Referrals for the survivor received while this case is open, after it: its worker is prompted to
    reassess (casework.open_cases). None once the case is closed."""
    # Whether the case is open is asked in the same statement, so the case's page reads the same number of
    # queries whatever its state.
    case_is_open = Exists(Referral.objects.filter(pk=case.pk, state__in=OPEN_CASE_STATES))
    return (
        Referral.objects.filter(
            case_is_open, survivor__isnull=False, survivor_id=case.survivor_id, received_at__gt=case.received_at
        )
        .exclude(pk=case.pk)
        .order_by("-received_at", "-id")
    )


@dataclass(frozen=True)
class RelatedReferrals:
    """The other referrals a referral's page names, newest first."""

    earlier: list[Referral]  # the same person (same_person_as), those the user may see
    open_cases: list[Referral]  # the survivor's other open cases (open_cases_of_survivor), those the user may see
    new_referrals: list[Referral]  # received while this case is open (new_referrals_for_open_case), all of them
    new_referrals_visible: set[int]  # which of those the user may open


# What the referral page shows of each of her other referrals (its reference is its id): when it came and where it
# stands, who holds it and her worker there. Not the rest of her record, nor her worker's account.
RELATED_REFERRAL_COLUMNS = (
    "received_at",
    "state",
    "provider__name",
    *named("allocated_worker"),
)


def related_referrals(user: User, referral: Referral) -> RelatedReferrals:
    """The referral page's three lists of other referrals (the rules stay in the three selectors above): which
    referrals are in which list in one statement, each list found by its own indexes; then, only when there are
    any (a first referral has none), those rows with whether the user may see each."""
    lists = (same_person_as(referral), open_cases_of_survivor(referral), new_referrals_for_open_case(referral))
    # Each list once, each id tagged with its list: asking every row which lists it is in (an EXISTS per list)
    # built and compiled each list twice, and cost more than the page's own reads.
    tagged = [found.order_by().annotate(_list=Value(n)).values_list("pk", "_list") for n, found in enumerate(lists)]
    earlier, open_cases, new = in_list = (set[int](), set[int](), set[int]())
    for pk, n in tagged[0].union(*tagged[1:], all=True):
        in_list[n].add(pk)
    rows = []
    if any(in_list):
        rows = list(
            Referral.objects.filter(pk__in=sorted(earlier | open_cases | new))
            .annotate(is_visible=Exists(referrals_visible_to(user).filter(pk=OuterRef("pk"))))
            .select_related("provider", "allocated_worker")
            .only(*RELATED_REFERRAL_COLUMNS)
            .order_by("-received_at", "-id")
        )
    return RelatedReferrals(
        earlier=[r for r in rows if r.pk in earlier and r.is_visible],
        open_cases=[r for r in rows if r.pk in open_cases and r.is_visible],
        new_referrals=[r for r in rows if r.pk in new],
        new_referrals_visible={r.pk for r in rows if r.pk in new and r.is_visible},
    )
