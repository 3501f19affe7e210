"""Reads for provider staff. Everything starts from referrals_visible_to, the one scoping function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import names_of, with_names
from casework.models import (
    OUTCOME_LABELS,
    OUTCOME_MEASURES,
    CaseNote,
    Closure,
    ContactAttempt,
    OutcomeAnswer,
    RefugePlace,
    SafetyPlan,
    StepDown,
    SupportEpisode,
    Transfer,
)
from casework.refuge import Stay, occupied_on, vacancy_rate
from kidas.db.literal import field_in_literally
from kidas.db.read_once import one_once, rows_once
from marac.models import MaracNotice
from referrals.correction import corrections_of
from referrals.list_rows import case_url_maker
from referrals.models import Referral, RiskAssessment, referral_reference
from referrals.restricted import RESTRICTED_REFERRAL_FIELDS, free_text_for
from referrals.risk import RiskLevel
from referrals.selectors import assessments_read, referrals_visible_to, sees_every_referral
from referrals.states import OPEN_CASE_STATES, State
from sla.deadlines import deadline_status

CASELOAD_SORTS = {
    "received": ("-received_at", "-id"),
    "oldest": ("received_at", "id"),
    "name": ("last_name", "first_name", "id"),
    "district": ("district__name", "-received_at"),
    "worker": ("allocated_worker__last_name", "-received_at"),
}


def inbox(user: User) -> QuerySet[Referral]:
    """Referrals routed to the user's organisation, waiting to be accepted or declined; the most urgent
    deadline first (a high-risk referral must be answered within hours): list them through
    sla.current_deadline.DeadlineOrdered."""
    return referrals_visible_to(user).filter(state=State.ROUTED)


def support_episode_get_for_user(user: User, episode_id: int) -> SupportEpisode:
    """A support episode of a referral in the user's scope, else 404."""
    episode = SupportEpisode.objects.filter(pk=episode_id, referral__in=referrals_visible_to(user)).first()
    if episode is None:
        raise Http404("No such service")
    return episode


def caseload(user: User, *, team: bool | None = None) -> QuerySet[Referral]:
    """Open cases: a worker's own, or for a manager (or team=True) the whole organisation's."""
    # The open states written into the SQL rather than bound: the caseload's statement is prepared once
    # per connection (kidas.db.postgresql), and a prepared plan can only use the partial indexes on
    # open cases (state IN ('accepted', 'in_support')) when the query says those states literally.
    cases = referrals_visible_to(user).filter(field_in_literally("state", OPEN_CASE_STATES))
    whole_team = user.role == Role.PROVIDER_MANAGER or user.is_administrator if team is None else team
    if not whole_team:
        cases = cases.filter(allocated_worker=user)
    return cases


def caseload_sorted(cases: QuerySet[Referral], sort: str) -> QuerySet[Referral]:
    if sort == "risk":
        from django.db.models import Case, IntegerField, Value, When

        rank = Case(
            When(risk_level="high", then=Value(0)),
            When(risk_level="medium", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return cases.order_by(rank, "-received_at", "-id")
    return cases.order_by(*CASELOAD_SORTS.get(sort, CASELOAD_SORTS["received"]))


RISK_LABELS = dict(RiskLevel.choices)
STATE_LABELS = dict(State.choices)


def caseload_rows(values: Iterable[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """One page of caseload values (with the columns of casework.caseload_page) as display rows,
    the same for the page and the API."""
    now = timezone.now()
    today = today or timezone.localdate()
    case_url = case_url_maker()
    rows = []
    for row in values:
        review, due_at, remind_at, stage = row["safety_review_on"], row["due_at"], row["remind_at"], row["stage"]
        names = (row["allocated_worker__first_name"], row["allocated_worker__last_name"])
        worker = " ".join(name for name in names if name)  # cases accepted before allocation have none
        rows.append(
            {
                "id": row["id"],
                "reference": referral_reference(row["id"]),
                "url": case_url(row["id"]),
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "date_of_birth": row["date_of_birth"],
                "district": row["district__name"],
                "risk_level": row["risk_level"],
                "risk_label": RISK_LABELS.get(row["risk_level"], "Not assessed"),
                "state": row["state"],
                "state_label": STATE_LABELS[row["state"]],
                "is_repeat": row["is_repeat"],
                "service": row["service__slug"],
                "service_name": row["service__name"],
                "allocated_worker": worker or None,
                "received_at": row["received_at"],
                "safety_review_on": review,
                "overdue": review is not None and review < today,
                "deadline_due_at": due_at,
                "deadline_remind_at": remind_at,
                "deadline_stage": stage,
                "deadline_status": deadline_status(due_at, remind_at, now),
            }
        )
    return rows


def team_workers(user: User) -> QuerySet[User]:
    if not user.organisation_id:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id, role__in=(Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER), is_active=True
    ).order_by("last_name", "first_name")


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    title: str
    by: str
    description: str = ""
    kind: str = "event"
    # A date-only event (a service started or ended on a day) has no time of day: it is placed at the
    # end of its day, so it never sorts before something that happened that day, and shown without a time.
    date_only: bool = False


# Two records of one act are shown once: the state change an assessment, a transfer or the start of a
# service made is dropped for the richer event that says the same (made in the same transaction).
SAME_ACT = timedelta(minutes=1)
# Within one moment, the order things happen in a case (newest first reverses it).
KIND_ORDER = {
    "state": 0,
    "assessment": 1,
    "transfer": 2,
    "support": 3,
    "contact": 4,
    "plan": 5,
    "note": 6,
    "correction": 7,
}


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _made_with(at: datetime, moments: list[datetime]) -> bool:
    return any(abs(at - moment) <= SAME_ACT for moment in moments)


def closure_outcome_lines(closure: Closure) -> list[tuple[str, str]]:
    """The client's answers at closure as (outcome, answer) in words: ("Feeling safe", "Yes")."""
    answers = dict(OutcomeAnswer.choices)
    return [
        (OUTCOME_LABELS[key], answers.get(closure.outcomes.get(key, ""), "Not recorded"))
        for key in OUTCOME_MEASURES
        if key in closure.outcomes
    ]


def closure_summary(closure: Closure, readable: Callable[[str], str]) -> str:
    """The closure as the timeline tells it: "Support completed. Feeling safe: Yes; Reduction in risk: No"."""
    notes = readable(closure.notes).strip().rstrip(".")
    answers = "; ".join(f"{label}: {answer}" for label, answer in closure_outcome_lines(closure))
    parts = [closure.get_reason_display(), notes, answers]
    return ". ".join(part for part in parts if part)


def support_episodes_of(referral: Referral) -> list[SupportEpisode]:
    """The case's services, first started first, read once for every part of its page."""
    related = with_names(
        SupportEpisode.objects.select_related("service", "refuge_place__refuge"), "started_by", "ended_by"
    )
    return rows_once(referral, "support_episodes", related)


def step_downs_of(referral: Referral) -> list[StepDown]:
    """The case's step-downs, first asked first, read once for every part of its page."""
    return rows_once(referral, "step_downs", with_names(StepDown.objects.all(), "requested_by", "decided_by"))


def closure_of(referral: Referral) -> Closure | None:
    return one_once(referral, "closure")


def case_timeline(referral: Referral, user: Any, readable: Callable[[str], str] | None = None) -> list[TimelineEvent]:
    """Everything that happened to a case, newest first, each act once, in a fixed number of queries (one
    per kind). Free text is shown as `user` may read it (the code word masked unless they may see it);
    a page that already has the user's reader for the case passes it as `readable`."""
    corrections = corrections_of(referral)  # first: the code words are read from them, not read again
    readable = readable or free_text_for(user, referral)
    assessments = rows_once(referral, "assessments", assessments_read(RiskAssessment.objects.all()))
    # The records only the timeline reads come without their author; the authors are read once, together
    # (a join to the users in each kind's statement cost more to build than the rows took to read).
    changes = list(referral.state_changes.all())
    transfers = list(Transfer.objects.filter(referral=referral).select_related("from_provider", "to_provider"))
    attempts = list(ContactAttempt.objects.filter(referral=referral))
    notes = list(CaseNote.objects.filter(referral=referral))
    plans = list(SafetyPlan.objects.filter(referral=referral))
    notices = list(MaracNotice.objects.filter(case__referral=referral).select_related("case__marac"))
    authors = names_of(row.by_id for rows in (changes, transfers, attempts, notes, plans, notices) for row in rows)
    episodes = support_episodes_of(referral)
    closure = closure_of(referral)
    covered = {
        "assess": [a.assessed_at for a in assessments],
        "transfer": [t.at for t in transfers],
    }
    support_starts = {f"Started {episode.service.name}" for episode in episodes}
    events: list[TimelineEvent] = []
    for change in changes:
        if _made_with(change.at, covered.get(change.transition, [])):
            continue
        if change.transition == "start_support" and change.reason in support_starts:
            continue
        description = readable(change.reason)
        if change.transition == "close" and closure is not None:
            description = closure_summary(closure, readable)
        events.append(
            TimelineEvent(
                change.at, change.get_to_state_display(), authors.get(change.by_id, "the system"), description, "state"
            )
        )
    for assessment in assessments:
        events.append(
            TimelineEvent(
                assessment.assessed_at,
                f"Risk assessed: {assessment.get_level_display().lower()}",
                str(assessment.assessed_by),
                readable("; ".join(assessment.reasons)),
                "assessment",
            )
        )
    for attempt in attempts:
        said = [f"{attempt.get_outcome_display()}.", readable(attempt.notes).strip()]
        if attempt.outside_safe_times_reason:
            said.append(f"Outside the safe times: {readable(attempt.outside_safe_times_reason)}")
        events.append(
            TimelineEvent(
                attempt.attempted_at,
                f"Contact attempt: {attempt.get_method_display().lower()}",
                authors[attempt.by_id],
                " ".join(part for part in said if part),
                "contact",
            )
        )
    for note in notes:
        events.append(TimelineEvent(note.at, "Note", authors[note.by_id], readable(note.text), "note"))
    for episode in episodes:
        where = f" at {episode.refuge_place}" if episode.refuge_place else ""
        events.append(
            TimelineEvent(
                _end_of_day(episode.started_on),
                f"Started {episode.service.name}{where}",
                str(episode.started_by),
                "",
                "support",
                date_only=True,
            )
        )
        if episode.ended_on:
            events.append(
                TimelineEvent(
                    _end_of_day(episode.ended_on),
                    f"Ended {episode.service.name}",
                    str(episode.ended_by or ""),
                    "",
                    "support",
                    date_only=True,
                )
            )
    for plan in plans:
        events.append(
            TimelineEvent(
                plan.at,
                f"Safety plan, review by {plan.review_on:%-d %B %Y}",
                authors[plan.by_id],
                readable(plan.summary),
                "plan",
            )
        )
    for transfer in transfers:
        events.append(
            TimelineEvent(
                transfer.at,
                f"Transferred from {transfer.from_provider} to {transfer.to_provider}",
                authors[transfer.by_id],
                readable(transfer.reason),
                "transfer",
            )
        )
    for step_down in step_downs_of(referral):
        levels = f"{step_down.get_from_level_display().lower()} to {step_down.get_to_level_display().lower()}"
        events.append(
            TimelineEvent(
                step_down.requested_at,
                f"Step-down from {levels} asked for",
                str(step_down.requested_by),
                step_down.reason,
                "step_down",
            )
        )
        if step_down.decided_at:
            events.append(
                TimelineEvent(
                    step_down.decided_at,
                    f"Step-down from {levels} {step_down.get_state_display().lower()}",
                    str(step_down.decided_by or "the system"),
                    step_down.decision_reason,
                    "step_down",
                )
            )
    for notice in notices:
        events.append(
            TimelineEvent(
                notice.at,
                f"{notice.case.marac.name} coordinators told: {notice.get_kind_display().lower()}",
                authors.get(notice.by_id, "the system"),
                notice.text,
                "marac_notice",
            )
        )
    for correction in corrections:
        label = Referral._meta.get_field(correction.field).verbose_name
        # Restricted values never reach a timeline (it is shown to everyone who may see the case).
        what_changed = (
            "value not shown (restricted)"
            if correction.field in RESTRICTED_REFERRAL_FIELDS
            else f'from "{readable(correction.old_value)}" to "{readable(correction.new_value)}"'
        )
        events.append(
            TimelineEvent(
                correction.at,
                f"Corrected {label}",
                str(correction.by or "the system"),
                f"{what_changed}. Reason: {readable(correction.reason)}",
                "correction",
            )
        )
    # Newest first; within one moment, the later step of a case first. sorted() is stable, so events of
    # one kind at one moment keep the order their query gave.
    return sorted(events, key=lambda e: (e.at, KIND_ORDER.get(e.kind, len(KIND_ORDER))), reverse=True)


@dataclass(frozen=True)
class RefugeVacancy:
    refuge: str
    provider: str
    places: int
    occupied: int
    vacancy_rate: float | None


def refuge_vacancies(user: User, on: date) -> list[RefugeVacancy]:
    """Each refuge's places on a day. Provider staff see their own refuges; triage and administrators all."""
    places = RefugePlace.objects.filter(in_use=True).select_related("refuge__provider")
    if not sees_every_referral(user):
        places = places.filter(refuge__provider_id=user.organisation_id)
    stays = [
        Stay(e.refuge_place_id, e.started_on, e.ended_on)
        for e in SupportEpisode.objects.filter(refuge_place__in=places, started_on__lte=on).only(
            "refuge_place_id", "started_on", "ended_on"
        )
        if e.refuge_place_id
    ]
    by_refuge: dict[int, list[RefugePlace]] = {}
    for place in places:
        by_refuge.setdefault(place.refuge_id, []).append(place)
    result = []
    for refuge_places in by_refuge.values():
        ids = [p.pk for p in refuge_places]
        refuge = refuge_places[0].refuge
        occupied = len(occupied_on(stays, on) & set(ids))
        result.append(
            RefugeVacancy(refuge.name, refuge.provider.name, len(ids), occupied, vacancy_rate(ids, stays, on))
        )
    return sorted(result, key=lambda r: r.refuge)


def vacant_places(referral: Referral, on: date) -> QuerySet[RefugePlace]:
    """Places in the case's provider's refuges that are free from that night."""
    taken = SupportEpisode.objects.filter(refuge_place__isnull=False, started_on__lte=on).exclude(ended_on__lte=on)
    return (
        RefugePlace.objects.filter(refuge__provider_id=referral.provider_id, in_use=True)
        .exclude(pk__in=taken.values("refuge_place_id"))
        .select_related("refuge")
    )
