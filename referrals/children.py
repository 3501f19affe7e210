"""Children as people: each child has a page, seen by whoever may see a referral the child is on (the
survivor's case) and by whom the apps above let see the child (the children's service holding the child's
case: referrals.extensions.register_child_scope), out of scope 404. Their needs and the help they get are
recorded there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from kidas.errors import NotPermitted
from people.models import Person
from referrals import extensions
from referrals.child_needs import ChildNeed
from referrals.household import age_on
from referrals.models import Referral, ReferralChild
from referrals.policies import may_use_triage_queue, may_work_case
from referrals.selectors import referrals_visible_to


def children_visible_to(user: User) -> QuerySet[Person]:
    """Children on a referral the user may see, and those the apps above let the user see (the children's
    service holding the child's case): the one scoped queryset for children."""
    on_a_visible_referral = ReferralChild.objects.filter(
        person_id=OuterRef("pk"), referral__in=referrals_visible_to(user)
    )
    visible = Q(Exists(on_a_visible_referral))
    for scope in extensions.registered.child_scopes:
        visible |= Q(scope(user))
    return Person.objects.filter(visible)


def child_get_for_user(user: User, person_id: int) -> Person:
    try:
        return children_visible_to(user).get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No such child, or not one you may see") from None


def child_referrals_visible_to(user: User, child: Person) -> QuerySet[ReferralChild]:
    """The child's households (the referrals they are on) that the user may see, newest first."""
    return (
        ReferralChild.objects.filter(person=child, referral__in=referrals_visible_to(user))
        .select_related("referral__provider", "referral__district", "referral__survivor")
        .order_by("-referral__received_at", "-id")
    )


def may_record_child_need(user: User, referrals: list[Referral]) -> bool:
    """Triage, or whoever may work one of the child's cases (the supporting provider's staff)."""
    return may_use_triage_queue(user) or any(may_work_case(user, referral) for referral in referrals)


@dataclass(frozen=True)
class ChildPage:
    child: Person
    age: int | None
    households: list[ReferralChild]
    needs: list[ChildNeed]
    may_record: bool
    # What the apps above show on the page (referrals.extensions.child_context); "referral_ids" names the
    # referrals what they show hangs off, for the access trail.
    more: dict[str, Any] = field(default_factory=dict)

    @property
    def referral_ids(self) -> list[int]:
        return sorted({link.referral_id for link in self.households} | set(self.more.get("referral_ids", ())))


def child_page(*, user: User, person_id: int, on: date) -> ChildPage:
    child = child_get_for_user(user, person_id)
    households = list(child_referrals_visible_to(user, child))
    return ChildPage(
        child=child,
        age=age_on(child.date_of_birth, on),
        households=households,
        needs=list(ChildNeed.objects.filter(child=child).select_related("recorded_by")),
        may_record=may_record_child_need(user, [link.referral for link in households]),
        more=extensions.child_context(user, child),
    )


def child_need_record(*, user: User, person_id: int, need: str, help_given: str = "") -> ChildNeed:
    """Record one of a child's needs and the help they get, by someone who may work one of their cases."""
    child = child_get_for_user(user, person_id)
    if not may_record_child_need(user, [link.referral for link in child_referrals_visible_to(user, child)]):
        raise NotPermitted("Only triage or the provider supporting one of the child's cases may record their needs")
    if not need.strip():
        raise ValidationError({"need": "Describe the child's need"})
    return ChildNeed.objects.create(child=child, need=need.strip(), help_given=help_given.strip(), recorded_by=user)
