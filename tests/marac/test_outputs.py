"""A meeting's agenda and actions as a printable page, a PDF and CSV; quarterly figures."""

from __future__ import annotations

import csv
import io

import pytest

from audit.models import AccessEvent
from marac.models import MaracAction, MaracReferral
from providers.models import Organisation
from tests.marac.conftest import action_on, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_actions(listed, swale_coordinator):
    for slug, text in (("swale-housing", "=HYPERLINK(evil)"), ("kent-police", "Flag the address")):
        action_on(listed, slug, text)
    return listed


def test_the_agenda_csv_lists_the_cases(client, with_actions, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    response = client.get(f"/marac/meetings/{with_actions.meeting_id}/agenda.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Position", "Name", "Date of birth"]
    assert rows[1][1] == with_actions.case.referral.full_name


def test_the_actions_csv_is_scoped_and_defuses_formulas(client, with_actions, swale_housing) -> None:
    client.force_login(swale_housing)
    rows = list(
        csv.reader(io.StringIO(client.get(f"/marac/meetings/{with_actions.meeting_id}/actions.csv").content.decode()))
    )
    assert len(rows) == 2  # the header and the housing action only
    assert rows[1][1] == "'=HYPERLINK(evil)"


def test_each_csv_reads_and_records_only_the_referrals_it_writes(client, listed, make_case, swale_coordinator) -> None:
    # One case on the agenda; another with an action agreed at the meeting but not on its agenda (moved on).
    elsewhere = make_case(days_ago=30)
    MaracAction.objects.create(
        case=elsewhere,
        meeting=listed.meeting,
        owner=Organisation.objects.get(slug="kent-police"),
        person="Named Person",
        description="Flag the address",
        due_on=in_days(14),
        created_by=swale_coordinator,
    )
    client.force_login(swale_coordinator)
    for output, exported in (("agenda", listed.case.referral_id), ("actions", elsewhere.referral_id)):
        body = client.get(f"/marac/meetings/{listed.meeting_id}/{output}.csv").content.decode()
        assert len(list(csv.reader(io.StringIO(body)))) == 2  # the header and that one case's row
        event = AccessEvent.objects.filter(what=f"MARAC {output} CSV").get()
        assert event.referral_ids == [exported]


def test_the_pdf_is_a_pdf(client, with_actions, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    response = client.get(f"/marac/meetings/{with_actions.meeting_id}/agenda.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_printable_page_hides_the_controls(client, with_actions, swale_coordinator) -> None:
    client.force_login(swale_coordinator)
    page = client.get(f"/marac/meetings/{with_actions.meeting_id}/print/").content.decode()
    assert "Flag the address" in page and "govuk-!-display-none-print" in page
    assert "Mark heard" not in page


def test_quarterly_figures_count_heard_cases_repeats_and_sources(api, make_case, swale_coordinator) -> None:
    from datetime import date

    for heard_on, repeat, source in (
        (date(2026, 4, 7), False, "police"),
        (date(2026, 5, 5), True, "health"),
        (date(2026, 7, 7), False, "police"),
    ):
        case = make_case(is_repeat=repeat, source=source)
        MaracReferral.objects.filter(pk=case.pk).update(heard_on=heard_on)
    make_case()  # waiting: not counted
    body = api(swale_coordinator).get("/api/v1/maracs/swale-marac/figures/").json()
    assert body == [
        {"quarter": "2026/27 Q1", "heard": 2, "repeats": 1, "children": 0, "by_source": {"police": 1, "health": 1}},
        {"quarter": "2026/27 Q2", "heard": 1, "repeats": 0, "children": 0, "by_source": {"police": 1}},
    ]


def test_the_figures_page_shows_a_row_per_quarter(client, make_case, swale_coordinator) -> None:
    from datetime import date

    case = make_case(source="housing")
    MaracReferral.objects.filter(pk=case.pk).update(heard_on=date(2026, 10, 6))
    client.force_login(swale_coordinator)
    page = client.get("/marac/swale-marac/figures/").content.decode()
    assert "2026/27 Q3" in page and "Housing" in page


def test_quarterly_figures_never_count_a_case_heard_after_today(
    api, make_case, swale_coordinator, time_machine
) -> None:
    from datetime import date

    time_machine.move_to(date(2026, 6, 30), tick=False)
    for heard_on in (date(2026, 6, 29), date(2026, 6, 30), date(2026, 7, 1), date(2026, 7, 9)):
        case = make_case(source="police")
        MaracReferral.objects.filter(pk=case.pk).update(heard_on=heard_on)
    body = api(swale_coordinator).get("/api/v1/maracs/swale-marac/figures/").json()
    assert body == [{"quarter": "2026/27 Q1", "heard": 2, "repeats": 0, "children": 0, "by_source": {"police": 2}}]


def test_partner_staff_and_coordinators_never_share_quarterly_figures(
    api, make_case, swale_coordinator, swale_housing
) -> None:
    """Counted once for everyone with the same reach (marac.stored_quarters): a partner agency's figures count
    only the cases on an agenda, even after a coordinator's fuller figures were stored."""
    from datetime import date

    case = make_case(source="police")
    MaracReferral.objects.filter(pk=case.pk).update(heard_on=date(2026, 7, 7))
    coordinator_sees = api(swale_coordinator).get("/api/v1/maracs/swale-marac/figures/")
    assert [q["heard"] for q in coordinator_sees.json()] == [1]
    assert coordinator_sees["Last-Modified"]  # when they were counted
    assert api(swale_housing).get("/api/v1/maracs/swale-marac/figures/").json() == []  # never on an agenda


def test_the_figures_page_says_when_they_were_counted(client, make_case, swale_coordinator, time_machine) -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    # 09:30 in London, as the page shows it, whatever the machine's own zone.
    time_machine.move_to(datetime(2026, 11, 3, 9, 30, tzinfo=ZoneInfo("Europe/London")), tick=False)
    case = make_case(source="housing")
    MaracReferral.objects.filter(pk=case.pk).update(heard_on=date(2026, 10, 6))
    client.force_login(swale_coordinator)
    assert "Figures as at 3 Nov 2026 09:30" in client.get("/marac/swale-marac/figures/").content.decode()


def test_a_pdf_cell_wraps_between_words_and_breaks_only_a_word_longer_than_its_line() -> None:
    from fpdf import FPDF

    from marac.outputs import _width_measure, _wrapped

    pdf = FPDF()
    pdf.set_font("Helvetica", size=8)
    width_of = _width_measure(pdf)
    assert _wrapped(width_of, "Visible high risk", pdf.get_string_width("Visible high")) == ["Visible high", "risk"]
    address = "Flat 3, Rosemary Court, Sittingbourne"
    assert _wrapped(width_of, address, 1000) == [address]
    unbroken = "x" * 120
    lines = _wrapped(width_of, unbroken, 20)
    assert "".join(lines) == unbroken and all(pdf.get_string_width(line) <= 20 for line in lines)
    assert _wrapped(width_of, "", 20) == [""]
    assert _wrapped(width_of, "First line\nSecond", 1000) == ["First line", "Second"]


@pytest.mark.parametrize("style", ["", "B"])
def test_a_pdf_cell_is_measured_as_fpdf_measures_it(style: str) -> None:
    from fpdf import FPDF

    from marac.outputs import _latin1, _width_measure

    pdf = FPDF()
    pdf.set_font("Helvetica", style=style, size=8)
    width_of = _width_measure(pdf)
    for written in ["", "Visible high risk", "Flat 3, Rosemary Court", "Zoë Ó'Brien – 07700 900123", "(a) [b] {c} £5"]:
        text = _latin1(written)
        assert width_of(text) == pytest.approx(pdf.get_string_width(text))
    pdf.set_char_spacing(1)  # anything but a plain core font: fpdf measures it
    assert _width_measure(pdf) == pdf.get_string_width
