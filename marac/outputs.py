"""A meeting's agenda and action list as CSV and PDF. Callers pass rows already scoped by marac.selectors."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils import timezone
from fpdf import FPDF

from marac.models import AgendaItem, MaracAction, MaracMeeting
from marac.selectors import days_waiting
from referrals.household import Household

FreeTextReader = Callable[[Any, str], str]
AGENDA_HEADER = [
    "Position",
    "Name",
    "Date of birth",
    "District",
    "Reason",
    "Risk score",
    "Repeat",
    "Alleged perpetrator",
    "Serial perpetrator",
    "Children (age)",
    "Referred by",
    "Days waiting",
    "State",
    "Since listed",
]
ACTION_HEADER = ["Name", "Action", "Owning agency", "Person", "Due", "Status"]


def meeting_details_line(meeting: MaracMeeting) -> str:
    starts = f"{meeting.starts_at:%H:%M}" if meeting.starts_at else "not set yet"
    return f"Starts at {starts}. Venue: {meeting.venue or 'not set yet'}. Chair: {meeting.chair or 'not set yet'}."


def since_listed_text(item: AgendaItem) -> str:
    """What has happened to the referral since it was listed, as the agenda page shows it."""
    referral = item.case.referral
    said = []
    if referral.state in ("closed", "withdrawn", "duplicate"):
        what = "Marked as a duplicate" if referral.state == "duplicate" else referral.get_state_display()
        said.append(f"{what} {timezone.localtime(referral.state_changed_at):%d/%m/%Y}")
    level, at = getattr(item, "reassessed_level", None), getattr(item, "reassessed_at", None)
    if level and at:
        said.append(f"Reassessed {timezone.localtime(at):%d/%m/%Y}: {level} risk")
    return "; ".join(said)


def agenda_rows(items: Iterable[AgendaItem], households: Mapping[int, Household]) -> list[list[str]]:
    """One row per agenda item; `households` by referral id (referrals.household.households)."""
    rows = []
    for item in items:
        household = households.get(item.case.referral_id) or Household(referring_agency="")
        rows.append(
            [
                str(item.position),
                item.case.referral.full_name,
                f"{item.case.referral.date_of_birth:%d/%m/%Y}",
                str(item.case.referral.district or ""),
                item.case.get_reason_display(),
                str(item.case.yes_count),
                "yes" if item.case.is_repeat else "no",
                "; ".join(p.name for p in household.perpetrators),
                "yes" if household.has_serial_perpetrator else "no",
                household.children_text,
                household.referring_agency,
                str(days_waiting(item.case)),
                item.get_state_display(),
                since_listed_text(item),
            ]
        )
    return rows


def action_rows(actions: Iterable[MaracAction], read: FreeTextReader) -> list[list[str]]:
    """`read` gives each case's free text as the exporting user may read it (referrals.restricted.free_text_reader)."""
    return [
        [
            action.case.referral.full_name,
            read(action.case.referral, action.description),
            action.owner.name,
            action.person,
            f"{action.due_on:%d/%m/%Y}",
            action.get_status_display(),
        ]
        for action in actions
    ]


def _safe_cell(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def as_csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_safe_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _latin1(value: str) -> str:
    # The PDF core fonts cover Latin-1: anything else is replaced rather than failing the export.
    return value.replace("’", "'").replace("–", "-").encode("latin-1", "replace").decode("latin-1")


# A table's cells: text 8 points, lines 5 mm apart, 1 mm inside each border; columns share the page's width.
TABLE_FONT_SIZE = 8
TABLE_LINE_HEIGHT = 5
TABLE_PADDING = 1


def _table(pdf: FPDF, header: list[str], rows: list[list[str]]) -> None:
    """A table with a bold heading row, repeated on each page it runs onto. Drawn line by line with fpdf's
    primitives: fpdf's own table laid each cell out twice through its general line breaker, 90 ms of a
    meeting's 110 ms PDF."""
    width = pdf.epw / len(header)
    heading = [_latin1(text) for text in header]

    def draw(cells: list[str], style: str) -> None:
        pdf.set_font("Helvetica", style=style, size=TABLE_FONT_SIZE)
        width_of = _width_measure(pdf)
        lines = [_wrapped(width_of, text, width - 2 * TABLE_PADDING) for text in cells]
        height = max(len(cell) for cell in lines) * TABLE_LINE_HEIGHT
        if pdf.y + height > pdf.page_break_trigger and style == "":
            pdf.add_page()
            draw(heading, "B")
            pdf.set_font("Helvetica", style=style, size=TABLE_FONT_SIZE)
        top, left = pdf.y, pdf.l_margin
        for column, cell in enumerate(lines):
            x = left + column * width
            pdf.rect(x, top, width, height)
            for number, line in enumerate(cell):
                # text() writes at the baseline: a line's box is TABLE_LINE_HEIGHT, its text centred in it.
                baseline = top + number * TABLE_LINE_HEIGHT + (TABLE_LINE_HEIGHT + pdf.font_size * 0.7) / 2
                pdf.text(x + TABLE_PADDING, baseline, line)
        pdf.set_y(top + height)

    draw(heading, "B")
    for row in rows:
        draw([_latin1(value) for value in row], "")


def _width_measure(pdf: FPDF) -> Callable[[str], float]:
    """How wide a text is at the current font, in the page's units: fpdf's own measure, but from the core font's
    table of character widths read once. fpdf's get_string_width takes 60 µs a call whatever the text (it lays
    the text out as fragments first), and wrapping a meeting's table asked it thousands of times. Its own
    measure where anything but a plain core font is in use (character spacing, stretching, an embedded font)."""
    widths = getattr(pdf.current_font, "cw", None)
    if not isinstance(widths, dict) or pdf.char_spacing or pdf.font_stretching != 100:
        return pdf.get_string_width
    scale = pdf.font_size_pt * 0.001 / pdf.k
    return lambda text: sum(widths[character] for character in text) * scale


def _wrapped(width_of: Callable[[str], float], text: str, width: float) -> list[str]:
    """`text` in lines no wider than `width` (as `width_of` measures): broken between words, and a word longer
    than a line broken where it must be. An empty cell is one empty line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if width_of(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            rest = word
            while width_of(rest) > width and len(rest) > 1:
                cut = next((n for n in range(len(rest) - 1, 0, -1) if width_of(rest[:n]) <= width), 1)
                lines.append(rest[:cut])
                rest = rest[cut:]
            line = rest
        lines.append(line)
    return lines


def meeting_pdf(
    meeting: MaracMeeting, agenda: list[list[str]], actions: list[MaracAction], read: FreeTextReader
) -> bytes:
    """`agenda` is agenda_rows' output."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"{meeting.marac.name} {meeting.held_on:%d %B %Y}")
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(text=_latin1(f"{meeting.marac.name}: agenda for {meeting.held_on:%A %d %B %Y}"))
    pdf.ln(8)
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(w=0, text=_latin1(meeting_details_line(meeting)))
    pdf.ln(2)
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(w=0, text="OFFICIAL-SENSITIVE. For MARAC members only: do not copy or forward.")
    pdf.ln(2)
    _table(pdf, AGENDA_HEADER, agenda)
    pdf.ln(6)
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.cell(text="Actions")
    pdf.ln(8)
    _table(pdf, ACTION_HEADER, action_rows(actions, read))
    return bytes(pdf.output())
