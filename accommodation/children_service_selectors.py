"""What a user may see of the children's service (SASS): the one scoped queryset of children's cases (out of
scope is 404), a case's page, and the service's figures for the return."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accommodation.children_service_models import (
    OPEN_CHILD_CASE_STATES,
    ChildCase,
    ChildCaseState,
    ChildGoal,
    ChildGoalScore,
    ScoredAt,
)
from accommodation.gas import goals_achieved, t_score, t_score_change
from accounts.models import Role, User
from referrals.selectors import referrals_visible_to, sees_every_referral


def child_cases_visible_to(user: User) -> QuerySet[ChildCase]:
    """A child's case is seen by whoever may see the survivor's case (referrals_visible_to) and by the
    children's service holding it."""
    cases = ChildCase.objects.select_related("child", "referral", "provider", "worker", "referred_by")
    if not user.is_authenticated or not user.is_active:
        return cases.none()
    if sees_every_referral(user):
        return cases
    holding = Q(pk__in=[])
    if user.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER) and user.organisation_id:
        holding = Q(provider_id=user.organisation_id)
    return cases.filter(holding | Q(referral__in=referrals_visible_to(user)))


def child_cases_listed(user: User) -> tuple[QuerySet[ChildCase], QuerySet[ChildCase]]:
    """The list page's open cases (the 12 weeks' end soonest first) and the last ended ones; a row names the
    child, the worker and the survivor's case by reference, so nothing else is joined."""
    cases = child_cases_visible_to(user).select_related(None).select_related("child", "worker")
    return (
        cases.filter(state__in=OPEN_CHILD_CASE_STATES).order_by("due_at", "referred_at", "id")[:100],
        cases.exclude(state__in=OPEN_CHILD_CASE_STATES)[:50],
    )


def child_case_get_for_user(user: User, case_id: int) -> ChildCase:
    try:
        return child_cases_visible_to(user).get(pk=case_id)
    except (ChildCase.DoesNotExist, ValueError, TypeError):
        raise Http404("No such children's service case, or not one you may see") from None


def goals_with_scores(case: ChildCase) -> list[ChildGoal]:
    """The case's goals, each with `review` and `end` (its ChildGoalScore at that moment, or None)."""
    goals = list(case.goals.prefetch_related(Prefetch("scores", queryset=ChildGoalScore.objects.all())))
    for goal in goals:
        by_moment = {score.at: score for score in goal.scores.all()}
        goal.review = by_moment.get(ScoredAt.REVIEW)  # type: ignore[attr-defined]
        goal.end = by_moment.get(ScoredAt.END)  # type: ignore[attr-defined]
    return goals


@dataclass(frozen=True)
class Attainment:
    """A case's goal attainment as T-scores: at the start (the baseline levels), at review and at the end."""

    start: float | None
    review: float | None
    end: float | None

    @property
    def change(self) -> float | None:
        return None if self.start is None or self.end is None else self.end - self.start


def attainment(goals: list[ChildGoal]) -> Attainment:
    if not goals:
        return Attainment(None, None, None)
    weights = [goal.weight_used for goal in goals]

    def at(moment: str) -> float | None:
        scores = [getattr(goal, moment) for goal in goals]
        return None if any(s is None for s in scores) else t_score([s.level for s in scores], weights)

    return Attainment(t_score([g.baseline for g in goals], weights), at("review"), at("end"))


@dataclass(frozen=True)
class ChildrenServiceFigures:
    referred: int
    started: int
    completed: int
    goals_set: int
    goals_achieved: int
    mean_t_score_change: float | None


def children_service_figures(start: date, end: date, *, provider_id: int | None = None) -> ChildrenServiceFigures:
    """From start to end (both included): children referred, whose work started, and completed; of the
    completed, the goals set and those achieved (final level 0 or better), and the mean change in goal
    attainment (T-score at the end minus at the start, per child). With a provider: the children's cases
    it holds, or those of its survivors."""
    cases = ChildCase.objects.all()
    if provider_id is not None:
        cases = cases.filter(Q(provider_id=provider_id) | Q(referral__provider_id=provider_id))
    completed = cases.filter(state=ChildCaseState.COMPLETED, ended_on__gte=start, ended_on__lte=end)
    goals = ChildGoal.objects.filter(case__in=completed).order_by("case_id", "id")
    finals = dict(ChildGoalScore.objects.filter(goal__in=goals, at=ScoredAt.END).values_list("goal_id", "level"))
    by_case: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for goal_id, case_id, baseline, weight in goals.values_list("id", "case_id", "baseline", "weight"):
        if goal_id in finals:
            by_case[case_id].append((baseline, finals[goal_id], weight or 1))
    changes = [
        t_score_change([b for b, _, _ in rows], [f for _, f, _ in rows], [w for _, _, w in rows])
        for rows in by_case.values()
    ]
    return ChildrenServiceFigures(
        referred=cases.filter(referred_at__date__gte=start, referred_at__date__lte=end).count(),
        started=cases.filter(started_on__gte=start, started_on__lte=end).count(),
        completed=completed.count(),
        goals_set=sum(len(rows) for rows in by_case.values()),
        goals_achieved=sum(goals_achieved([f for _, f, _ in rows]) for rows in by_case.values()),
        mean_t_score_change=sum(changes) / len(changes) if changes else None,
    )


def children_held_for(user: Any) -> Q | Exists:
    """The children whose children's-service case (open or past) the user's organisation holds: a condition on
    people.Person, registered as a child scope (referrals.extensions), so the service sees the child's page."""
    if (
        not getattr(user, "is_authenticated", False)
        or not getattr(user, "is_active", False)
        or getattr(user, "role", "") not in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER)
        or not getattr(user, "organisation_id", None)
    ):
        return Q(pk__in=[])
    return Exists(ChildCase.objects.filter(child_id=OuterRef("pk"), provider_id=user.organisation_id))


def child_page_cases(user: Any, child: Any) -> dict[str, Any]:
    """The child's page shows the child's children's-service cases the user may see (newest first)."""
    cases = list(child_cases_visible_to(user).filter(child=child))
    return {"child_cases": cases, "referral_ids": [case.referral_id for case in cases]}
