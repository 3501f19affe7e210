"""MARAC API shapes. Partner agency staff get the limited case view only: never the referral record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rest_framework import serializers

from kidas.api import StrictInputSerializer
from kidas.serializing import ModelSerializer, Serializer
from marac.models import ActionStatus, AgencyType, AgendaItem, Marac, MaracAction, MaracMeeting, MaracReferral, Research
from marac.selectors import days_waiting
from providers.models import Organisation
from referrals.restricted import free_text_reader


class MaracSerializer(ModelSerializer):
    districts = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Marac
        fields = [
            "slug",
            "name",
            "districts",
            "meeting_weekday",
            "meeting_interval_weeks",
            "case_limit",
            "first_meeting_on",
        ]


class EarlierCaseSerializer(ModelSerializer):
    marac = serializers.CharField(source="marac.name")

    class Meta:
        model = MaracReferral
        fields = ["id", "marac", "created_at", "heard_on"]


class MaracCaseSerializer(ModelSerializer):
    """The limited MARAC case view: who, where, the risk summary and whether it is a repeat."""

    first_name = serializers.CharField(source="referral.first_name")
    last_name = serializers.CharField(source="referral.last_name")
    date_of_birth = serializers.DateField(source="referral.date_of_birth")
    district = serializers.CharField(source="referral.district.name", default=None)
    marac = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    days_waiting = serializers.SerializerMethodField()
    repeat_of = EarlierCaseSerializer(read_only=True)

    class Meta:
        model = MaracReferral
        fields = [
            "id",
            "marac",
            "first_name",
            "last_name",
            "date_of_birth",
            "district",
            "reason",
            "yes_count",
            "is_repeat",
            "repeat_of",
            "why",
            "created_at",
            "days_waiting",
            "heard_on",
        ]

    def get_days_waiting(self, case: MaracReferral) -> int:
        return days_waiting(case)


class SinceListedSerializer(Serializer):
    """What has happened to the referral since it was listed at MARAC."""

    referral_state = serializers.CharField(help_text="The referral's state now: closed, withdrawn, in_support, …")
    state_changed_at = serializers.DateTimeField()
    reassessed_level = serializers.CharField(allow_null=True, help_text="The level of a later risk assessment")
    reassessed_at = serializers.DateTimeField(allow_null=True)


def since_listed_of(row: Any, case: MaracReferral) -> dict[str, Any]:
    return {
        "referral_state": case.referral.state,
        "state_changed_at": case.referral.state_changed_at,
        "reassessed_level": getattr(row, "reassessed_level", None),
        "reassessed_at": getattr(row, "reassessed_at", None),
    }


# One instance writes every row's "since listed": a serializer made per row copied its four fields each time
# (a third of the high-risk list's time). It only reads them, so rows and requests can share it.
_SINCE_LISTED = SinceListedSerializer()


def since_listed_data(row: Any, case: MaracReferral) -> dict[str, Any]:
    return cast(dict[str, Any], _SINCE_LISTED.to_representation(since_listed_of(row, case)))


class HighRiskCaseSerializer(MaracCaseSerializer):
    """A case on the high-risk list, with where it is listed and what has happened since."""

    listed_for = serializers.DateField(read_only=True, allow_null=True)
    since_listed = serializers.SerializerMethodField()

    class Meta(MaracCaseSerializer.Meta):
        fields = [*MaracCaseSerializer.Meta.fields, "listed_for", "since_listed"]

    def get_since_listed(self, case: MaracReferral) -> dict[str, Any]:
        return since_listed_data(case, case)


if TYPE_CHECKING:
    _Serializer = serializers.Serializer[Any]  # the serializers this mixes into
else:
    _Serializer = object


class MaskedFreeTextMixin(_Serializer):
    """Free text about a case (research, actions, agenda reasons) as the reader may read it: the code word
    masked unless they may see the restricted fields (referrals.restricted.free_text_for). Without a reader in
    the context it is masked, as for someone who may not."""

    free_text_fields: tuple[str, ...] = ()

    def referral_of(self, instance: Any) -> Any:
        return instance.case.referral

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        # DRF's context is the root serializer's own dict, shared by a list's items: the reader is made once.
        context = cast(dict[str, Any], self.context)
        read = context.get("reader")
        if read is None:
            read = context["reader"] = free_text_reader(None)
        for name in self.free_text_fields:
            if isinstance(data.get(name), str):
                data[name] = read(self.referral_of(instance), data[name])
        return data


class AgendaItemSerializer(MaskedFreeTextMixin, ModelSerializer):
    case = MaracCaseSerializer(read_only=True)
    since_listed = serializers.SerializerMethodField()
    free_text_fields = ("reason",)

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "state", "case", "reason", "moved_to", "closed_at", "since_listed"]

    def get_since_listed(self, item: AgendaItem) -> dict[str, Any]:
        return since_listed_data(item, item.case)


class MeetingSerializer(ModelSerializer):
    marac = serializers.SlugRelatedField(read_only=True, slug_field="slug")

    class Meta:
        model = MaracMeeting
        fields = ["id", "marac", "held_on", "starts_at", "venue", "chair"]


class MeetingDetailSerializer(MeetingSerializer):
    agenda = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda"]

    def get_agenda(self, meeting: MaracMeeting) -> list[dict[str, Any]]:
        agenda = AgendaItemSerializer(self.context["agenda"], many=True, context={"reader": self.context.get("reader")})
        return cast(list[dict[str, Any]], agenda.data)  # many=True: a list serializer, whose data is a list


class MeetingDetailsInputSerializer(StrictInputSerializer):
    starts_at = serializers.TimeField(required=False, allow_null=True, default=None)
    venue = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    chair = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)


class MeetingInputSerializer(MeetingDetailsInputSerializer):
    held_on = serializers.DateField(required=False, help_text="Leave out for the next meeting of the pattern")


class AddToAgendaInputSerializer(StrictInputSerializer):
    meeting = serializers.IntegerField()


class TakeOffInputSerializer(StrictInputSerializer):
    reason = serializers.CharField()


class MoveInputSerializer(StrictInputSerializer):
    to_meeting = serializers.IntegerField()
    reason = serializers.CharField()


class HearInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ResearchSerializer(MaskedFreeTextMixin, ModelSerializer):
    recorded_by = serializers.StringRelatedField()
    free_text_fields = ("text",)

    class Meta:
        model = Research
        fields = ["id", "agency", "text", "recorded_at", "recorded_by"]


class ResearchInputSerializer(StrictInputSerializer):
    agency = serializers.ChoiceField(choices=AgencyType.choices)
    text = serializers.CharField()


class MaracActionSerializer(MaskedFreeTextMixin, ModelSerializer):
    owner = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    free_text_fields = ("description",)
    owner_name = serializers.CharField(source="owner.name", read_only=True)

    class Meta:
        model = MaracAction
        fields = ["id", "case", "meeting", "owner", "owner_name", "person", "description", "due_on", "status"]


class MaracActionInputSerializer(StrictInputSerializer):
    meeting = serializers.IntegerField()
    owner = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    person = serializers.CharField(max_length=120)
    description = serializers.CharField()
    due_on = serializers.DateField()


class ActionStatusInputSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=[c for c in ActionStatus.choices if c[0] != ActionStatus.OPEN])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class QuarterSerializer(Serializer):
    quarter = serializers.CharField()
    heard = serializers.IntegerField()
    repeats = serializers.IntegerField()
    children = serializers.IntegerField(help_text="Children in the households of the cases heard")
    by_source = serializers.DictField(child=serializers.IntegerField())
