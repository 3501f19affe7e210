"""Writes: MARAC lists, meetings, agendas, research and actions. Each runs inside the request's transaction."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_fsm import can_proceed

from kidas.errors import NotPermitted, TransitionConflict
from marac.models import (
    ActionStatus,
    AgencyType,
    AgendaItem,
    AgendaState,
    Marac,
    MaracAction,
    MaracActionChange,
    MaracCoverage,
    MaracMeeting,
    MaracNotice,
    MaracReferral,
    NoticeKind,
    Research,
)
from marac.rules import (
    LEFT_MARAC_STATES,
    MaracListing,
    PairMaracReferral,
    PairRepeat,
    Waiting,
    agenda_choose,
    marac_listing_for,
    meeting_dates,
    pair_repeat,
)
from referrals.models import referral_reference
from referrals.risk import MaracReason
from referrals.states import State
from sla.models import Notification
from sla.services import (
    clock_stop,
    marac_action_clock_start,
    marac_action_clock_stop,
    marac_listing_clocks_follow_meetings,
)
from sla.stages import Stage

if TYPE_CHECKING:
    from accounts.models import User
    from providers.models import Organisation
    from referrals.models import Referral, RiskAssessment


def marac_for_referral(referral: Referral) -> MaracCoverage | None:
    if referral.district_id is None:
        return None
    return MaracCoverage.objects.select_related("marac").filter(district_id=referral.district_id).first()


def marac_id_for(referral: Referral) -> int | None:
    """The MARAC the case is referred to (not heard yet), or else the one that covers its district: the
    MARAC whose next meeting a listing clock waits for and whose coordinators it tells."""
    open_case = MaracReferral.objects.filter(referral=referral, heard_on__isnull=True).values("marac_id").first()
    if open_case is not None:
        return int(open_case["marac_id"])
    coverage = marac_for_referral(referral)
    return coverage.marac_id if coverage else None


def waiting_for(marac_id: int) -> Q:
    """The referrals a MARAC's meetings may matter to: referred to it and not heard yet, or in a district it covers."""
    referred_here = MaracReferral.objects.filter(marac_id=marac_id, heard_on__isnull=True).values("referral_id")
    covered_here = MaracCoverage.objects.filter(marac_id=marac_id).values("district_id")
    return Q(pk__in=referred_here) | Q(district_id__in=covered_here)


def pair_marac_referrals(referral: Referral) -> list[PairMaracReferral]:
    """The earlier MARAC referrals of this referral's survivor with any of its alleged perpetrators, at any
    MARAC, for the repeat rule. A referral withdrawn or marked duplicate left MARAC and does not count."""
    if referral.survivor_id is None:
        return []
    perpetrators = {
        link.person_id: link.person.full_name for link in referral.perpetrator_links.select_related("person")
    }
    rows = (
        MaracReferral.objects.filter(
            referral__survivor_id=referral.survivor_id, referral__perpetrator_links__person_id__in=perpetrators
        )
        .exclude(referral_id=referral.pk)
        .exclude(referral__state__in=LEFT_MARAC_STATES)
        .values_list(
            "pk", "marac_id", "marac__name", "created_at", "referral_id", "referral__perpetrator_links__person_id"
        )
    )
    return [
        PairMaracReferral(
            case_id=case_id,
            marac_id=marac_id,
            marac_name=marac_name,
            survivor_id=referral.survivor_id,
            perpetrator_id=perpetrator_id,
            perpetrator_name=perpetrators.get(perpetrator_id, ""),
            referred_on=timezone.localdate(created_at),
            reference=referral_reference(referral_id),
        )
        for case_id, marac_id, marac_name, created_at, referral_id, perpetrator_id in rows
    ]


def _perpetrator_ids(referral: Referral) -> list[int]:
    return list(referral.perpetrator_links.values_list("person_id", flat=True))


def marac_listing_of(referral: Referral) -> MaracListing | None:
    """Whether the referral goes to MARAC now (marac.rules.marac_listing_for): high risk, or a repeat of its pair."""
    return marac_listing_for(
        risk_level=referral.risk_level,
        received_on=timezone.localdate(referral.received_at),
        survivor_id=referral.survivor_id,
        perpetrator_ids=_perpetrator_ids(referral),
        earlier=pair_marac_referrals(referral),
    )


def marac_referral_create(
    *, referral: Referral, user: User | None, assessment: RiskAssessment | None
) -> MaracReferral | None:
    """List a referral at MARAC: a repeat of its survivor–perpetrator pair at the pair's last MARAC, otherwise
    at its district's MARAC. Returns None when it is not a repeat and no MARAC covers the district."""
    repeat = pair_repeat(
        received_on=timezone.localdate(referral.received_at),
        survivor_id=referral.survivor_id,
        perpetrator_ids=_perpetrator_ids(referral),
        earlier=pair_marac_referrals(referral),
    )
    return _list_at_marac(referral=referral, user=user, assessment=assessment, repeat=repeat)


def marac_referral_list_if_due(
    *, referral: Referral, user: User | None, assessment: RiskAssessment | None
) -> MaracReferral | None:
    """After routing: list the referral when the rules send it to MARAC (high risk, or a repeat of its pair
    whatever its risk level), keeping the open listing it has. None when it is not for MARAC."""
    open_case = referral.marac_referrals.select_related("marac").filter(heard_on__isnull=True).first()
    if open_case is not None:
        return open_case
    listing = marac_listing_of(referral)
    if listing is None:
        return None
    return _list_at_marac(referral=referral, user=user, assessment=assessment, repeat=listing.repeat)


def _list_at_marac(
    *, referral: Referral, user: User | None, assessment: RiskAssessment | None, repeat: PairRepeat | None
) -> MaracReferral | None:
    if repeat is not None:
        marac = Marac.objects.get(pk=repeat.of.marac_id)
    else:
        coverage = marac_for_referral(referral)
        if coverage is None:
            return None
        marac = coverage.marac
    reason = MaracReason.REPEAT if repeat else (assessment.marac_reason if assessment else "")
    return MaracReferral.objects.create(
        referral=referral,
        marac=marac,
        reason=reason or MaracReason.PROFESSIONAL_JUDGEMENT,
        yes_count=assessment.yes_count if assessment else 0,
        is_repeat=repeat is not None,
        repeat_of_id=repeat.of.case_id if repeat else None,
        why=repeat.explanation if repeat else "",
        created_by=user,
    )


LEFT_MARAC_NOTICES: dict[str, tuple[str, str]] = {
    State.WITHDRAWN: (NoticeKind.WITHDRAWN, "Referral withdrawn"),
    State.DUPLICATE: (NoticeKind.DUPLICATE, "Referral marked as a duplicate"),
}


def marac_on_state_change(*, referral: Referral, to_state: str, user: User | None, reason: str = "") -> None:
    """Called on every state change (the referral_state_changed event, marac/handlers.py), in its transaction.
    A referral withdrawn or marked duplicate is taken off every agenda of a meeting still to come, with the
    reason recorded on the agenda item, and the coordinators of every MARAC holding it are told once."""
    if to_state not in LEFT_MARAC_NOTICES:
        return
    kind, label = LEFT_MARAC_NOTICES[to_state]
    why = label + (f": {reason.strip()}" if reason.strip() else "")
    items = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__marac")
        .filter(case__referral=referral, state=AgendaState.LISTED, meeting__held_on__gte=timezone.localdate())
    )
    taken_off = []
    for item in items:
        _take_off(item, user=user, reason=why)
        taken_off.append(f"taken off the {item.meeting.marac.name} agenda for {item.meeting.held_on:%-d %B %Y}")
    marac_coordinators_tell(referral=referral, user=user, kind=kind, text="; ".join([why, *taken_off]))


def marac_coordinators(marac_id: int) -> QuerySet[User]:
    """A MARAC's active coordinators."""
    from accounts.models import Role, User

    return User.objects.filter(is_active=True, role=Role.MARAC_COORDINATOR, marac_memberships__marac_id=marac_id)


def marac_coordinator_ids(marac_id: int) -> list[int]:
    """Who is told about a MARAC's cases: its coordinators, or, if it has none, the administrators."""
    from accounts.selectors import administrator_ids

    return list(marac_coordinators(marac_id).values_list("pk", flat=True)) or administrator_ids()


def marac_listings_of(referral: Referral) -> list[MaracReferral]:
    """The referral's MARAC cases that its coordinators must hear about: waiting to be heard, or heard."""
    return list(MaracReferral.objects.filter(referral=referral).select_related("marac").order_by("created_at", "id"))


def marac_coordinators_tell(*, referral: Referral, user: User | None, kind: str, text: str) -> list[MaracNotice]:
    """Tell the coordinators of every MARAC that holds the referral (waiting or heard) what the provider did:
    a notice kept on each MARAC case, and an in-app notification to each coordinator. Nobody is left untold:
    a MARAC without a coordinator falls back to the administrators (as the service-level reminders do).
    The notification names the referral by its reference only."""
    from django.urls import reverse

    notices = []
    told: set[tuple[int, int]] = set()
    for case in marac_listings_of(referral):
        notices.append(MaracNotice.objects.create(case=case, kind=kind, text=text, by=user))
        recipients = marac_coordinator_ids(case.marac_id)
        link = reverse("marac:case", args=[case.pk])
        summary = f"{NoticeKind(kind).label}: {referral.reference} at {case.marac.name}"
        for recipient in recipients:
            if (recipient, case.marac_id) in told:
                continue
            told.add((recipient, case.marac_id))
            Notification.objects.create(user_id=recipient, text=summary[:300], link=link)
    return notices


# ---------------------------------------------------------------- meetings, agendas, research, actions


def _require_coordinator(user: User, marac_id: int) -> None:
    from marac.selectors import may_coordinate_marac

    if not may_coordinate_marac(user, marac_id):
        raise NotPermitted("Only the MARAC's coordinators may do this")


def meeting_schedule(
    *, user: User, marac_id: int, held_on: date, starts_at: time | None = None, venue: str = "", chair: str = ""
) -> MaracMeeting:
    """Schedule a meeting of a MARAC on a day that is not in the past and not already taken."""
    _require_coordinator(user, marac_id)
    if held_on < timezone.localdate():
        raise ValidationError({"held_on": "The meeting date must be today or in the future"})
    if MaracMeeting.objects.filter(marac_id=marac_id, held_on=held_on).exists():
        raise ValidationError({"held_on": "This MARAC already meets on that day"})
    meeting = MaracMeeting.objects.create(
        marac_id=marac_id,
        held_on=held_on,
        starts_at=starts_at,
        venue=venue.strip(),
        chair=chair.strip(),
        created_by=user,
    )
    # Cases waiting to be listed are now due at this meeting, if it is their next one.
    marac_listing_clocks_follow_meetings(marac_id=marac_id, waiting=waiting_for(marac_id))
    return meeting


def meeting_details_set(*, user: User, meeting_id: int, starts_at: time | None, venue: str, chair: str) -> MaracMeeting:
    """Set when and where a meeting starts and who chairs it: shown on the agenda, its printout and PDF."""
    meeting = MaracMeeting.objects.select_for_update().get(pk=meeting_id)
    _require_coordinator(user, meeting.marac_id)
    meeting.starts_at, meeting.venue, meeting.chair = starts_at, venue.strip(), chair.strip()
    meeting.save(update_fields=["starts_at", "venue", "chair"])
    return meeting


def next_meeting_date(marac: Marac) -> date:
    """The next day of the MARAC's pattern, from today on, that has no meeting yet. Only the meetings still to
    come can take one: the past ones (52 a year for a weekly MARAC) are not read."""
    today = timezone.localdate()
    taken = set(MaracMeeting.objects.filter(marac=marac, held_on__gte=today).values_list("held_on", flat=True))
    dates = meeting_dates(
        first_meeting_on=marac.first_meeting_on,
        interval_weeks=marac.meeting_interval_weeks,
        on_or_after=today,
        count=len(taken) + 1,
    )
    return next(d for d in dates if d not in taken)


def meeting_schedule_next(
    *, user: User, marac_id: int, starts_at: time | None = None, venue: str = "", chair: str = ""
) -> MaracMeeting:
    """The next meeting of the pattern that is not scheduled yet, from today on."""
    held_on = next_meeting_date(Marac.objects.get(pk=marac_id))
    return meeting_schedule(
        user=user, marac_id=marac_id, held_on=held_on, starts_at=starts_at, venue=venue, chair=chair
    )


def meeting_agenda_fill(*, user: User, meeting_id: int) -> list[AgendaItem]:
    """Fill the agenda with waiting cases, repeats first then oldest, up to the MARAC's case limit."""
    meeting = MaracMeeting.objects.select_for_update().select_related("marac").get(pk=meeting_id)
    _require_coordinator(user, meeting.marac_id)
    if meeting.held_on < timezone.localdate():
        raise TransitionConflict("This meeting has already been held")
    items = list(meeting.items.filter(state=AgendaState.LISTED))
    waiting = (
        MaracReferral.objects.select_for_update(skip_locked=True)
        .filter(marac_id=meeting.marac_id, heard_on__isnull=True)
        .exclude(referral__state__in=LEFT_MARAC_STATES)
        .exclude(agenda_items__state=AgendaState.LISTED)
    )
    chosen = agenda_choose(
        [Waiting(c.pk, c.is_repeat, c.created_at) for c in waiting], places=meeting.marac.case_limit - len(items)
    )
    last = meeting.items.order_by("-position").values_list("position", flat=True).first() or 0
    listed = [
        AgendaItem.objects.create(meeting=meeting, case_id=case_id, position=last + i, listed_by=user)
        for i, case_id in enumerate(chosen, start=1)
    ]
    # Listed at MARAC: the "high risk → listed" service-level clock stops.
    for referral_id in MaracReferral.objects.filter(pk__in=chosen).values_list("referral_id", flat=True):
        clock_stop(referral_id=referral_id, stage=Stage.MARAC_LISTING, user=user)
    return listed


def _last_position(meeting: MaracMeeting) -> int:
    return meeting.items.order_by("-position").values_list("position", flat=True).first() or 0


def agenda_item_add(*, user: User, case_id: int, meeting_id: int) -> AgendaItem:
    """Put one waiting case from the high-risk list on a chosen meeting's agenda, by hand."""
    meeting = MaracMeeting.objects.select_for_update().select_related("marac").get(pk=meeting_id)
    _require_coordinator(user, meeting.marac_id)
    case = MaracReferral.objects.select_for_update(of=("self",)).select_related("referral").get(pk=case_id)
    if case.marac_id != meeting.marac_id:
        raise ValidationError({"meeting": "Choose a meeting of the case's own MARAC"})
    if meeting.held_on < timezone.localdate():
        raise ValidationError({"meeting": "That meeting has already been held: choose one still to come"})
    if case.heard_on is not None:
        raise TransitionConflict(f"This case was heard on {case.heard_on:%-d %B %Y}")
    if case.referral.state in LEFT_MARAC_STATES:
        raise TransitionConflict(f"The referral was {case.referral.get_state_display().lower()}: it is not for MARAC")
    listed = AgendaItem.objects.filter(case=case, state=AgendaState.LISTED).select_related("meeting").first()
    if listed is not None:
        raise TransitionConflict(f"This case is already on the agenda for {listed.meeting.held_on:%-d %B %Y}")
    if meeting.items.filter(state=AgendaState.LISTED).count() >= meeting.marac.case_limit:
        raise ValidationError({"meeting": "That meeting's agenda is full"})
    item = AgendaItem.objects.create(meeting=meeting, case=case, position=_last_position(meeting) + 1, listed_by=user)
    # Listed at MARAC: the "high risk → listed" service-level clock stops, as when the agenda is filled.
    clock_stop(referral_id=case.referral_id, stage=Stage.MARAC_LISTING, user=user)
    return item


def _take_off(item: AgendaItem, *, user: User | None, reason: str) -> None:
    item.take_off()
    item.reason, item.closed_by, item.closed_at = reason, user, timezone.now()
    item.save()


def agenda_item_take_off(*, user: User, item_id: int, reason: str) -> AgendaItem:
    """Take a listed case off an agenda, with the reason kept on the item; it waits on the high-risk list again."""
    item = _locked_item(item_id)
    _require_coordinator(user, item.meeting.marac_id)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case is taken off the agenda"})
    if not can_proceed(item.take_off):
        raise TransitionConflict(f"This case is already {item.get_state_display().lower()}")
    _take_off(item, user=user, reason=reason.strip())
    return item


def _locked_item(item_id: int) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self", "case"))
        .select_related("meeting__marac", "case__referral")
        .get(pk=item_id)
    )


def agenda_item_move(*, user: User, item_id: int, to_meeting_id: int, reason: str) -> AgendaItem:
    """Move a listed case to a later meeting of the same MARAC; the reason is kept on the old item."""
    item = _locked_item(item_id)
    _require_coordinator(user, item.meeting.marac_id)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case is moved"})
    referral = item.case.referral
    if referral.state in LEFT_MARAC_STATES:
        raise TransitionConflict(f"The referral was {referral.get_state_display().lower()}: it is not for MARAC")
    target = MaracMeeting.objects.filter(
        pk=to_meeting_id, marac_id=item.meeting.marac_id, held_on__gt=item.meeting.held_on
    ).first()
    if target is None:
        raise ValidationError({"to_meeting": "Choose a later meeting of the same MARAC"})
    if target.items.filter(state=AgendaState.LISTED).count() >= item.meeting.marac.case_limit:
        raise ValidationError({"to_meeting": "That meeting's agenda is full"})
    if not can_proceed(item.move):
        raise TransitionConflict(f"This case is already {item.get_state_display().lower()}")
    item.move()
    item.reason, item.closed_by, item.closed_at = reason.strip(), user, timezone.now()
    item.save()
    last = target.items.order_by("-position").values_list("position", flat=True).first() or 0
    moved = AgendaItem.objects.create(meeting=target, case=item.case, position=last + 1, listed_by=user)
    item.moved_to = moved
    item.save(update_fields=["moved_to"])
    return moved


def meeting_has_met(meeting: MaracMeeting) -> bool:
    """A case is heard at a meeting that has happened: on its day or after."""
    return meeting.held_on <= timezone.localdate()


def agenda_item_hear(*, user: User, item_id: int, reason: str = "") -> AgendaItem:
    """Mark a listed case heard: its MARAC referral is heard on the meeting's date."""
    item = _locked_item(item_id)
    _require_coordinator(user, item.meeting.marac_id)
    held_on = item.meeting.held_on
    if not meeting_has_met(item.meeting):
        # A case heard "in advance" would count in the figures for a meeting that has not happened.
        raise TransitionConflict(
            f"The meeting on {held_on:%-d %B %Y} has not met yet: "
            "a case can be marked heard on the day of the meeting or after it"
        )
    if not can_proceed(item.hear):
        raise TransitionConflict(f"This case is already {item.get_state_display().lower()}")
    item.hear()
    item.reason, item.closed_by, item.closed_at = reason.strip(), user, timezone.now()
    item.save()
    MaracReferral.objects.filter(pk=item.case_id).update(heard_on=item.meeting.held_on)
    return item


RESEARCH_AGENCY_OF = {
    "police": AgencyType.POLICE,
    "health": AgencyType.HEALTH,
    "childrens_services": AgencyType.CHILDRENS_SERVICES,
    "housing": AgencyType.HOUSING,
    "probation": AgencyType.PROBATION,
    "specialist": AgencyType.IDVA,
}


def research_agency_for(user: User) -> str:
    """The research entry a partner's organisation writes (coordinators may write any)."""
    agency_type = user.organisation.agency_type if user.organisation else ""
    return RESEARCH_AGENCY_OF.get(agency_type, AgencyType.OTHER)


def research_record(*, user: User, case_id: int, agency: str, text: str) -> Research:
    """Record (or replace) one agency's research on a case: one entry per agency per case."""
    from marac.selectors import is_coordinator, marac_cases_visible_to

    case = marac_cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotPermitted("Only members of the case's MARAC may share research")
    if agency not in AgencyType.values:
        raise ValidationError({"agency": "Choose an agency"})
    if not is_coordinator(user) and agency != research_agency_for(user):
        raise ValidationError({"agency": "You may record your own agency's research only"})
    if not text.strip():
        raise ValidationError({"text": "Enter what your agency's records show"})
    research, _ = Research.objects.update_or_create(
        case=case, agency=agency, defaults={"text": text.strip(), "recorded_by": user}
    )
    return research


def marac_action_create(
    *,
    user: User,
    case_id: int,
    meeting_id: int,
    owner: Organisation | None,
    person: str,
    description: str,
    due_on: date | None,
) -> MaracAction:
    """An action agreed at a meeting for a case on its agenda."""
    meeting = MaracMeeting.objects.get(pk=meeting_id)
    _require_coordinator(user, meeting.marac_id)
    errors: dict[str, str] = {}
    if owner is None:
        errors["owner"] = "Choose the agency that owns the action"
    if not person.strip():
        errors["person"] = "Enter the named person responsible"
    if not description.strip():
        errors["description"] = "Describe the action"
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    elif due_on < meeting.held_on:
        errors["due_on"] = "The due date must be on or after the meeting"
    if not meeting.items.filter(case_id=case_id, state__in=(AgendaState.LISTED, AgendaState.HEARD)).exists():
        errors["case"] = "The case is not on this meeting's agenda"
    if errors or owner is None or due_on is None:  # (both are among the errors when missing)
        raise ValidationError(errors)
    action = MaracAction.objects.create(
        case_id=case_id,
        meeting=meeting,
        owner=owner,
        person=person.strip(),
        description=description.strip(),
        due_on=due_on,
        created_by=user,
    )
    marac_action_clock_start(action_id=action.pk, referral=action.case.referral, due_on=due_on, owner_id=owner.pk)
    return action


ACTION_MOVES: dict[str, str] = {
    ActionStatus.DONE: "complete",
    ActionStatus.NOT_DONE: "mark_not_done",
    ActionStatus.CIRCUMSTANCES_CHANGED: "mark_circumstances_changed",
}


def marac_action_set_status(*, user: User, action_id: int, status: str, reason: str = "") -> MaracAction:
    """Close an open action as done, not done or circumstances changed; who, when and why are recorded.
    An agency's members update only their own agency's actions; coordinators any of their MARAC's."""
    from marac.selectors import is_coordinator, marac_actions_visible_to

    action = marac_actions_visible_to(user).select_for_update(of=("self",)).filter(pk=action_id).first()
    if action is None:
        raise NotPermitted("You may not update this action")
    if not (is_coordinator(user) or action.owner_id == user.organisation_id):
        raise NotPermitted("Only the owning agency or the coordinator may update this action")
    move = ACTION_MOVES.get(status)
    if move is None:
        raise ValidationError({"status": "Choose done, not done or circumstances changed"})
    if status != ActionStatus.DONE and not reason.strip():
        raise ValidationError({"reason": "Say why"})
    transition_method = getattr(action, move)
    if not can_proceed(transition_method):
        raise TransitionConflict(f"This action is already {action.get_status_display().lower()}")
    before = action.status
    transition_method()
    action.save()
    MaracActionChange.objects.create(
        action=action, from_status=before, to_status=status, reason=reason.strip(), by=user
    )
    marac_action_clock_stop(action_id=action.pk, user=user)
    return action
