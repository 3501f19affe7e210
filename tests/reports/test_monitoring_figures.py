"""Equality monitoring and pathways in the return: figures only, with their definitions, and for commissioners
rounded to base 5 so no count of 1 to 4 comes back from any other cell they can open."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from accounts.models import User
from monitoring.models import Engagement, EqualityMonitoring, Hospital, Pathway, ReferralPathway
from referrals.models import Referral
from tests.reports.conftest import at

PERIOD = {"period": "2026-27-q1"}  # April to June 2026


@pytest.fixture
def on_pathway(administrator: User) -> Callable[..., ReferralPathway]:
    def put(
        referral: Referral, slug: str, on: date, engagement: str = "", hospital: str | None = None
    ) -> ReferralPathway:
        return ReferralPathway.objects.create(
            referral=referral,
            pathway=Pathway.objects.get(slug=slug),
            hospital=Hospital.objects.get(slug=hospital) if hospital else None,
            referred_on=on,
            engagement=engagement,
            recorded_by=administrator,
            updated_by=administrator,
        )

    return put


@pytest.fixture
def monitored(administrator: User) -> Callable[..., EqualityMonitoring]:
    def record(referral: Referral, **answers: str) -> EqualityMonitoring:
        return EqualityMonitoring.objects.create(
            referral=referral, recorded_by=administrator, updated_by=administrator, **answers
        )

    return record


@pytest.fixture
def hospital_quarter(make_referral: Any, on_pathway: Any) -> None:
    """Twelve hospital IDVA referrals in the quarter (as 002 §3.1 counts them) and three outside it."""
    engagements = [Engagement.DIRECTLY] * 7 + [Engagement.THROUGH_STAFF] * 3 + [Engagement.NOT_ENGAGED, ""]
    for i, engagement in enumerate(engagements):
        referral = make_referral(at(date(2026, 4, 2 + i)), provider="centra")
        hospital = "william-harvey" if i < 8 else "darent-valley"
        on_pathway(referral, "hospital-idva", date(2026, 4, 2 + i), engagement, hospital)
    on_pathway(
        make_referral(at(date(2026, 3, 30)), provider="centra"),
        "hospital-idva",
        date(2026, 3, 31),
        "directly",
        "william-harvey",
    )
    on_pathway(make_referral(at(date(2026, 6, 20)), provider="centra"), "court-idva", date(2026, 7, 1), "directly")
    on_pathway(make_referral(at(date(2026, 6, 20)), provider="centra"), "court-idva", date(2026, 6, 30), "not_engaged")


def _csv(client: Any, table: str) -> list[list[str]]:
    response = client.get(f"/reports/return/{table}.csv", PERIOD)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_administrator_sees_each_pathway_s_referrals_engagement_and_rate(
    client: Any, administrator: User, hospital_quarter: None
) -> None:
    client.force_login(administrator)
    rows = _csv(client, "pathways")
    # 12 referred; 7 directly, 3 through NHS staff, 1 not engaged, 1 not yet recorded: 10 of 11 recorded engaged.
    assert ["Hospital IDVA", "12", "7", "3", "1", "1", "90.9%"] in rows
    assert ["Hospital IDVA: William Harvey Hospital", "8", "", "", "", "", ""] in rows
    assert ["Hospital IDVA: Darent Valley Hospital", "4", "", "", "", "", ""] in rows
    assert ["Court IDVA", "1", "0", "0", "1", "0", "0.0%"] in rows  # 1 July is the next quarter
    assert ["Cyberstalking clinic", "0", "0", "0", "0", "0", "–"] in rows
    page = client.get("/reports/return/", PERIOD).content.decode()
    assert "engagement rate is those engaged over those whose engagement is recorded" in page


def test_commissioners_see_pathway_counts_rounded_and_the_rate_from_rounded_counts(
    client: Any, commissioner: User, hospital_quarter: None
) -> None:
    client.force_login(commissioner)
    rows = _csv(client, "pathways")
    # Parts rounded (7 → 5, 3 → <5 counted as 5, 1 → <5 as 0...) and the total built from them.
    assert ["Hospital IDVA", "10", "5", "<5", "<5", "<5", "<5"] in rows
    assert ["Hospital IDVA: William Harvey Hospital", "10", "", "", "", "", ""] in rows
    assert ["Court IDVA", "<5", "0", "0", "<5", "0", "<5"] in rows


def test_equality_figures_count_referrals_received_by_answer_with_not_asked_apart(
    client: Any, administrator: User, make_referral: Any, monitored: Any
) -> None:
    for i in range(6):
        monitored(
            make_referral(at(date(2026, 5, 1 + i)), date_of_birth=date(1990, 1, 1)),
            ethnicity="black_african",
            sex="female",
        )
    monitored(
        make_referral(at(date(2026, 5, 10)), date_of_birth=date(2009, 5, 11)),
        ethnicity="white_british",
        sex="prefer_not_to_say",
    )
    make_referral(at(date(2026, 5, 11)), date_of_birth=date(1950, 1, 1))  # nothing asked
    make_referral(at(date(2026, 7, 1)), date_of_birth=date(1990, 1, 1))  # next quarter
    client.force_login(administrator)
    rows = _csv(client, "equality")
    for expected in (
        ["Ethnic group: Black, Black British, Black Welsh, Caribbean or African", "6"],
        ["Ethnic group: White", "1"],
        ["Ethnic group: Not asked", "1"],
        ["What is your sex?: Female", "6"],
        ["What is your sex?: Prefer not to say", "1"],
        ["What is your sex?: Not asked", "1"],
        ["Age band on the day received: 16–17", "1"],  # 16 on the day before her 17th birthday
        ["Age band on the day received: 35–44", "6"],
        ["Age band on the day received: 65 and over", "1"],
        ["Referrals received", "8"],
    ):
        assert expected in rows, expected


def test_commissioners_see_equality_figures_rounded_and_never_a_person(
    client: Any, commissioner: User, make_referral: Any, monitored: Any
) -> None:
    for i in range(6):
        monitored(make_referral(at(date(2026, 5, 1 + i)), last_name="Equalitymark"), ethnicity="black_african")
    monitored(make_referral(at(date(2026, 5, 10))), ethnicity="white_roma")
    client.force_login(commissioner)
    rows = _csv(client, "equality")
    assert ["Ethnic group: Black, Black British, Black Welsh, Caribbean or African", "5"] in rows
    assert ["Ethnic group: White", "<5"] in rows
    page = client.get("/reports/return/", PERIOD).content.decode()
    assert "Equalitymark" not in page and "Roma" not in page  # headings only, never a name or a fine category


def test_no_small_count_of_the_monitoring_tables_comes_back_from_the_cells_a_commissioner_sees(
    client: Any, commissioner: User, hospital_quarter: None, make_referral: Any, monitored: Any
) -> None:
    """Every count a commissioner can open in these tables is 0, "<5" or a multiple of 5, so no sum or difference
    of them is 1 to 4; the API gives the same cells as the page."""
    monitored(make_referral(at(date(2026, 5, 10))), ethnicity="asian_indian", disability="yes")
    client.force_login(commissioner)
    api = client.get("/api/v1/reports/return/", PERIOD).json()
    tables = {t["slug"]: t for t in api["tables"]}
    for slug in ("equality", "pathways"):
        downloaded = _csv(client, slug)
        assert all(row in downloaded for row in tables[slug]["rows"]), slug
        for row in tables[slug]["rows"]:
            for cell in row[1:]:
                if cell in ("", "<5", "–") or cell.endswith("%"):
                    continue
                assert int(cell.replace(",", "")) % 5 == 0, (slug, row)
