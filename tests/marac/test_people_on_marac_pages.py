"""The MARAC pages and outputs name the people around a case: the children (name and age), the alleged
perpetrator, the referring agency, and the repeat and serial-perpetrator markers; the figures count the
children in the households heard."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from marac.models import AgendaItem, MaracMeeting, MaracReferral
from marac.services import meeting_agenda_fill
from people.models import Person
from referrals.household import households
from referrals.models import LivesInHousehold, Referral, ReferralChild
from tests.factories import ReferralFactory, dob
from tests.household import link, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def perpetrator(ref: None) -> Person:
    return person("Dean", "Harper")


@pytest.fixture
def item(
    make_case: Callable[..., MaracReferral], meeting: MaracMeeting, swale_coordinator: User, perpetrator: Person
) -> AgendaItem:
    """A repeat case on the coming Swale agenda: Amara, her children Ava (9) and Noah (4), Dean Harper;
    Dean is also named on another survivor's referral, so he is a serial perpetrator."""
    case = make_case(days_ago=2, is_repeat=True, referrer_organisation="Kent Police")
    link(
        case.referral,
        survivor=person("Amara", "Okafor"),
        perpetrators=[perpetrator],
        children=[person("Ava", "Okafor", dob(9)), person("Noah", "Okafor", dob(4))],
    )
    other: Referral = ReferralFactory.create()
    link(other, survivor=person("Bea", "Lowe"), perpetrators=[perpetrator])
    (listed,) = meeting_agenda_fill(user=swale_coordinator, meeting_id=meeting.pk)
    return listed


def body(client: Client, user: User, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "path", ["/marac/meetings/{meeting}/", "/marac/meetings/{meeting}/print/", "/marac/swale-marac/"]
)
def test_the_agenda_printout_and_coordinators_list_name_the_people(
    client: Client, swale_coordinator: User, item: AgendaItem, path: str
) -> None:
    page = body(client, swale_coordinator, path.format(meeting=item.meeting_id))
    for text in ("Dean Harper", "Serial: 2 survivors", "Noah Okafor (4)", "Ava Okafor (9)", "Kent Police", "Repeat"):
        assert text in page, text


def test_the_case_page_names_the_people(client: Client, swale_coordinator: User, item: AgendaItem) -> None:
    page = body(client, swale_coordinator, f"/marac/cases/{item.case_id}/")
    for text in ("Dean Harper (partner)", "Serial: 2 survivors", "Ava Okafor (9)", "Kent Police"):
        assert text in page, text
    child = ReferralChild.objects.filter(referral=item.case.referral).first()
    assert child is not None and f"/referrals/children/{child.person_id}/" in page


def test_partner_agencies_see_the_names_but_no_link_to_a_childs_page(
    client: Client, swale_police: User, item: AgendaItem
) -> None:
    page = body(client, swale_police, f"/marac/cases/{item.case_id}/")
    assert "Ava Okafor (9)" in page and "/referrals/children/" not in page


def test_the_agenda_csv_has_the_people(client: Client, swale_coordinator: User, item: AgendaItem) -> None:
    rows = list(
        csv.reader(io.StringIO(body(client, swale_coordinator, f"/marac/meetings/{item.meeting_id}/agenda.csv")))
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Alleged perpetrator"] == "Dean Harper"
    assert row["Serial perpetrator"] == "yes"
    assert row["Children (age)"] == "Ava Okafor (9); Noah Okafor (4)"  # the eldest first
    assert (row["Referred by"], row["Repeat"]) == ("Kent Police", "yes")


def test_the_pdf_carries_them(client: Client, swale_coordinator: User, item: AgendaItem) -> None:
    client.force_login(swale_coordinator)
    response = client.get(f"/marac/meetings/{item.meeting_id}/agenda.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_referring_agency_falls_back_to_the_source(ref: None) -> None:
    referral: Referral = ReferralFactory.create(referrer_organisation="", source="health")
    assert households([referral], on=date(2026, 11, 30))[referral.pk].referring_agency.startswith("Health")


def test_one_survivor_named_twice_is_not_serial(ref: None, perpetrator: Person) -> None:
    survivor = person()
    first: Referral = ReferralFactory.create()
    second: Referral = ReferralFactory.create()
    link(first, survivor=survivor, perpetrators=[perpetrator])
    link(second, survivor=survivor, perpetrators=[perpetrator])
    shown = households([second], on=date(2026, 11, 30))[second.pk].perpetrators
    assert [(p.name, p.survivors, p.is_serial) for p in shown] == [("Dean Harper", 1, False)]


def test_the_figures_count_the_children_in_the_households_heard(
    api: Callable[..., APIClient], swale_coordinator: User, item: AgendaItem
) -> None:
    ReferralChild.objects.create(
        referral=item.case.referral, person=person("Zed", "Okafor"), lives_in_household=LivesInHousehold.NO
    )
    MaracReferral.objects.filter(pk=item.case_id).update(heard_on=timezone.localdate())
    quarters = api(swale_coordinator).get("/api/v1/maracs/swale-marac/figures/").json()
    assert [q["children"] for q in quarters] == [2]  # Ava and Noah; Zed lives elsewhere


def test_each_child_is_shown_by_name_age_and_whether_they_live_there_oldest_first(ref: None) -> None:
    referral: Referral = ReferralFactory.create()
    on = date(2026, 11, 30)
    for child, lives_in_household in (
        (Person.objects.create(given_name="Noah", family_name="", date_of_birth=date(2022, 12, 1)), "yes"),
        (Person.objects.create(given_name="Ava", family_name="Okafor", date_of_birth=date(2017, 11, 30)), "unknown"),
        (Person.objects.create(given_name="Zed", family_name="Okafor"), "no"),
    ):
        ReferralChild.objects.create(referral=referral, person=child, lives_in_household=lives_in_household)
    shown = households([referral], on=on)[referral.pk].children
    assert [(c.name, c.age, c.lives_in_household, c.label) for c in shown] == [
        ("Ava Okafor", 9, "Not known", "Ava Okafor (9)"),
        ("Noah", 3, "Yes", "Noah (3)"),
        ("Zed Okafor", None, "No", "Zed Okafor (age not known)"),
    ]
