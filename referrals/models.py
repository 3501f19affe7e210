from __future__ import annotations

from collections.abc import Callable

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django_fsm import FSMField, transition

from kidas.fsm import ConcurrentTransitions
from kidas.models import ChoiceLabels
from people.models import Gender as Gender
from referrals.risk import Answer, MaracReason, RiskLevel
from referrals.states import MOVES, OPEN_CASE_STATES, State, allowed_state_changes


class Source(models.TextChoices):
    POLICE = "police", "Police"
    SELF = "self", "Self-referral"
    HEALTH = "health", "Health (hospital IDVA, GP, A&E)"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    HOUSING = "housing", "Housing"
    ONE_STOP_SHOP = "one_stop_shop", "One Stop Shop"
    SPECIALIST_SERVICE = "specialist_service", "Other specialist service"
    FAMILY_OR_FRIEND = "family_or_friend", "Family or friend"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone line"
    TRIAGE = "triage", "Entered by triage"
    ONLINE = "online", "Online self-referral"
    PARTNER_FORM = "partner_form", "Partner referral form"
    PARTNER_API = "partner_api", "Partner system"


class Relationship(models.TextChoices):
    PARTNER = "partner", "Partner"
    EX_PARTNER = "ex_partner", "Ex-partner"
    FAMILY_MEMBER = "family_member", "Family member"
    OTHER = "other", "Other"


def referral_reference(referral_id: int) -> str:
    """The reference people quote on the phone and in letters: R and seven digits."""
    return f"R{referral_id:07d}"


class CaseReference:
    """For a record about one survivor's case (a `referral` foreign key): the case's reference, from the
    referral's id, so a list of them reads no referral."""

    referral_id: int

    @property
    def reference(self) -> str:
        return referral_reference(self.referral_id)


def _fsm(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    move = MOVES[name]
    return transition(field="state", source=list(move.sources), target=move.target)


class Referral(ConcurrentTransitions, ChoiceLabels):
    """One referral of one person. Its state changes only through the transitions below."""

    # The survivor as a person (people.Person), linked across referrals. The fields below are the
    # details as given on this referral; pages still read them while the person pages are built.
    survivor = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_as_survivor"
    )
    # The person
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=20, choices=Gender.choices)
    pronouns = models.CharField(max_length=40, blank=True)
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="Normalised: upper case, one space.")
    district = models.ForeignKey(
        "providers.District", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    disabilities = models.TextField(blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="A number on record (not necessarily safe).")

    # How it is safe to make contact (domain.md: safety when making contact)
    safe_phone = models.CharField(max_length=20, blank=True)
    safe_email = models.EmailField(blank=True)
    # The safety questions: None means nobody asked, and every use treats that as unsafe.
    voicemail_allowed = models.BooleanField(null=True, blank=True, default=None)
    safe_times = models.CharField(max_length=200, blank=True)
    code_word = models.CharField(max_length=60, blank=True)
    perpetrator_has_phone_access = models.BooleanField(null=True, blank=True, default=None)

    # The alleged perpetrator
    perpetrator_name = models.CharField(max_length=160, blank=True)
    perpetrator_relationship = models.CharField(max_length=20, choices=Relationship.choices)
    perpetrator_lives_with_victim = models.BooleanField(null=True, blank=True, default=None)

    # Where it came from
    source = models.CharField(max_length=30, choices=Source.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.PHONE)
    referrer_name = models.CharField(max_length=120, blank=True)
    referrer_organisation = models.CharField(max_length=120, blank=True)
    referrer_contact = models.CharField(max_length=120, blank=True)
    consent_given = models.BooleanField()
    consent_refusal_reason = models.TextField(blank=True)
    circumstances = models.TextField(blank=True)
    received_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Where it is now
    state = FSMField(default=State.RECEIVED, choices=State.choices, protected=True)
    state_changed_at = models.DateTimeField(auto_now_add=True)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    provider = models.ForeignKey(
        "providers.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    service = models.ForeignKey(
        "providers.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    routing_rule = models.ForeignKey(
        "providers.RoutingRule", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    routing_explanation = models.CharField(max_length=300, blank=True)
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_referrals"
    )
    last_decline_reason = models.TextField(blank=True)
    is_repeat = models.BooleanField(default=False)
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates")
    # Whether the referral has ever been listed at a MARAC: set by the MARAC listing's own trigger, in the
    # statement that lists it (marac.models.MaracReferral), never by hand. A coordinator's lists walk only
    # these, newest first (listed_at_marac_newest_first), rather than every referral until they find the
    # fifty listed: at ten million that walk read 27,580 referrals for one page.
    listed_at_marac = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["state", "-received_at"], name="referral_queue"),
            models.Index(fields=["provider", "state", "-received_at"], name="referral_caseload"),
            # The caseload: open cases of a worker, or of a provider, newest first. Partial, so a page of 50
            # reads 50 index entries however many referrals there are.
            models.Index(
                fields=["allocated_worker", "provider", "-received_at", "-id"],
                condition=models.Q(state__in=[state.value for state in OPEN_CASE_STATES]),
                name="open_cases_by_worker",
            ),
            models.Index(
                fields=["provider", "-received_at", "-id"],
                condition=models.Q(state__in=[state.value for state in OPEN_CASE_STATES]),
                name="open_cases_by_provider",
            ),
            models.Index(Lower("last_name"), Lower("first_name"), "date_of_birth", name="referral_person_match"),
            models.Index(
                fields=["-received_at", "-id"],
                condition=models.Q(listed_at_marac=True),
                name="listed_at_marac_newest_first",
            ),
        ]
        triggers = [
            pgtrigger.FSM(name="referral_state_machine", field="state", transitions=allowed_state_changes()),
            # Once listed at a MARAC, always: a referral read before its listing and saved after it must not
            # take the mark away (its coordinators would lose sight of it).
            pgtrigger.Trigger(
                name="listed_at_marac_stays",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(old__listed_at_marac=True, new__listed_at_marac=False),
                func="NEW.listed_at_marac := true; RETURN NEW;",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return referral_reference(self.pk) if self.pk else "R-new"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    # Transitions. Each is called only by referrals.services.referral_transition, which checks who
    # may make it, saves, and writes the history row in the same transaction.
    @_fsm("assess")
    def assess(self) -> None: ...

    @_fsm("route")
    def route(self) -> None: ...

    @_fsm("refer_to_marac_only")
    def refer_to_marac_only(self) -> None: ...

    @_fsm("flag_for_manual_routing")
    def flag_for_manual_routing(self) -> None: ...

    @_fsm("close_without_referral")
    def close_without_referral(self) -> None: ...

    @_fsm("accept")
    def accept(self) -> None: ...

    @_fsm("decline")
    def decline(self) -> None: ...

    @_fsm("start_support")
    def start_support(self) -> None: ...

    @_fsm("close")
    def close(self) -> None: ...

    @_fsm("withdraw")
    def withdraw(self) -> None: ...

    @_fsm("mark_duplicate")
    def mark_duplicate(self) -> None: ...

    @_fsm("transfer")
    def transfer(self) -> None: ...


class Child(models.Model):
    """A child in the household: a victim in their own right (Domestic Abuse Act 2021)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(max_length=80)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["date_of_birth", "id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.first_name


class ReferralPerpetrator(models.Model):
    """An alleged perpetrator named on a referral, as a person: the same person across survivors shows a
    serial perpetrator."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="perpetrator_links")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="perpetrator_links")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    lives_with_survivor = models.BooleanField(null=True, blank=True, default=None)

    class Meta:
        ordering = ["referral", "id"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "person"], name="one_link_per_perpetrator"),
        ]

    def __str__(self) -> str:
        return f"{self.referral}: perpetrator {self.person_id}"


class ChildRelationship(models.TextChoices):
    SURVIVORS_CHILD = "survivors_child", "The survivor's child"
    PERPETRATORS_CHILD = "perpetrators_child", "The perpetrator's child"
    CHILD_OF_BOTH = "child_of_both", "Child of both"
    OTHER = "other", "Another child in the household"
    NOT_RECORDED = "not_recorded", "Not recorded"


class LivesInHousehold(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class ReferralChild(ChoiceLabels):
    """A child on a referral, as a person: a victim in their own right (Domestic Abuse Act 2021)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="child_links")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="child_links")
    relationship = models.CharField(
        max_length=20, choices=ChildRelationship.choices, default=ChildRelationship.NOT_RECORDED
    )
    lives_in_household = models.CharField(
        max_length=10, choices=LivesInHousehold.choices, default=LivesInHousehold.UNKNOWN
    )

    class Meta:
        ordering = ["referral", "id"]
        verbose_name_plural = "referral children"
        constraints = [
            models.UniqueConstraint(fields=["referral", "person"], name="one_link_per_child"),
        ]

    def __str__(self) -> str:
        return f"{self.referral}: child {self.person_id}"


class StateChange(models.Model):
    """Who moved a referral, when, from what to what, and why. Written with every transition."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="state_changes")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"])]

    def __str__(self) -> str:
        return f"{self.referral}: {self.from_state} → {self.to_state}"


class ChecklistVersion(models.Model):
    """A published version of the risk identification checklist. Assessments keep theirs."""

    version = models.CharField(max_length=20, unique=True)
    published_on = models.DateField()
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_checklist"
            )
        ]

    def __str__(self) -> str:
        return f"Checklist {self.version}"


class ChecklistQuestion(models.Model):
    checklist = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=60)
    topic = models.CharField(max_length=120)
    text = models.CharField(max_length=300)
    prompts_judgement = models.BooleanField(default=False)
    cluster = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["checklist_id", "position"]  # by the column: "checklist" would join versions to order by theirs
        constraints = [
            models.UniqueConstraint(fields=["checklist", "key"], name="checklist_question_key"),
            models.UniqueConstraint(fields=["checklist", "position"], name="checklist_question_position"),
        ]

    def __str__(self) -> str:
        return self.text


class RiskAssessment(models.Model):
    """One completed checklist and the decision it led to, with the rules it was scored by."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assessments")
    checklist = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(help_text="Question key → yes / no / not_known")
    police_callouts = models.JSONField(default=list, help_text="ISO dates of police call-outs")
    judgement_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    judgement_reason = models.TextField(blank=True)
    honour_based_abuse = models.BooleanField(default=False)
    thresholds = models.JSONField()
    yes_count = models.PositiveSmallIntegerField()
    callouts_in_window = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    reasons = models.JSONField()
    flags = models.JSONField()
    marac_reason = models.CharField(max_length=30, choices=MaracReason.choices, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.level}"

    def answer_for(self, key: str) -> str:
        return str(self.answers.get(key, Answer.NOT_KNOWN))


class ArrivalMatch(models.Model):
    """The people already known who may be the survivor of a referral that came in through a public or
    partner door, found on arrival (nobody chose at the door), and triage's answer: same person as one
    of them or a new person. Who answered, when, and why when an answer is changed."""

    class Answer(models.TextChoices):
        UNANSWERED = "", "Not answered yet"
        SAME_PERSON = "same_person", "Same person as someone already known"
        NEW_PERSON = "new_person", "A new person"

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="arrival_match")
    found_at = models.DateTimeField()
    # [{"person": id, "score": 0-100, "reasons": [...]}, ...], best first, as people.matching found them.
    candidates = models.JSONField(default=list)
    # The person the referral was given on arrival: its survivor again if triage answers "a new person".
    arrival_survivor = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True, default=Answer.UNANSWERED)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why an earlier answer was changed")

    def __str__(self) -> str:
        return f"{self.referral}: {len(self.candidates)} candidates, {self.get_answer_display()}"

    @property
    def candidate_ids(self) -> list[int]:
        return [int(entry["person"]) for entry in self.candidates]


class SafeContactCheck(models.Model):
    """The survivor's safe-contact details carried over to a new referral that gave none (they belong to
    the person: people.models.SafeContact), and the answer to "Are these contact details still safe to
    use?". Until it is answered the details are not the referral's: its own safe-contact fields stay blank,
    so every use treats her as not safely reachable (unknown is unsafe). Who answered and when is kept
    here and on the person's SafeContact (confirmed_safe_on, confirmed_by); both are in the change history."""

    class Answer(models.TextChoices):
        UNANSWERED = "", "Not confirmed yet"
        STILL_SAFE = "still_safe", "Confirmed still safe"
        REPLACED = "replaced", "Not safe: replaced"

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="safe_contact_check")
    # The latest earlier referral of hers that gave safe-contact details (none when they came another way).
    carried_from = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # When they were last confirmed as safe, as they were carried over.
    last_confirmed_on = models.DateField(null=True, blank=True)
    carried_at = models.DateTimeField()
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True, default=Answer.UNANSWERED)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.referral}: safe contact {self.get_answer_display().lower()}"

    @property
    def is_confirmed(self) -> bool:
        return self.answer != self.Answer.UNANSWERED


# A child's own needs live in their own module (referrals.child_needs); imported so Django registers the model.
from referrals.child_needs import ChildNeed as ChildNeed  # noqa: E402
