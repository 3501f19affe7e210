"""Small numbers stay hidden from a commissioner whatever they open and however they subtract.

The attacker: a commissioner opens every return they may (the county, each area, district and provider;
the quarter and the year), each return's CSV tables, its workbook, its API answer and the dashboard's
monthly tables, then tries to recover every count of 1 to 4 (as the administrator's exact figures
show them) by subtracting: one figure from another, a table's total less its other rows, an area less
its other districts, the quarter less its other months, a cost back into a number of clients, a
percentage back into a number of people."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from itertools import combinations

import pytest
from openpyxl import load_workbook

from providers.models import Area, District, Organisation
from reports.access import ReportScope
from reports.models import Contract
from reports.periods import financial_period
from reports.selectors import quarterly_return
from reports.whole_return import whole_return_tables
from tests.reports.conftest import at

QUARTER = "2025-26-q1"
PERIODS = (QUARTER, "2025-26")
COUNT = re.compile(r"^\d{1,3}(,\d{3})*$")
CELL = re.compile(r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>')


@pytest.fixture
def east_with_small_numbers(make_referral, episode, closure, marac_case):
    """Dover 3 referrals, Thanet 35 (2 of them self-referrals), Swale 7; new entrants 22 of whom 2
    started in a refuge; 12 MARAC cases, 3 of them repeats; 9 asked about cessation, 7 said yes."""
    thanet = []
    for i in range(35):
        month = (4, 5, 6)[i % 3]
        source = "self" if i < 2 else "police"
        thanet.append(
            make_referral(
                at(date(2025, month, 1 + i % 28)), district="thanet", provider="oasis", source=source, risk_level="high"
            )
        )
    for day in (2, 3, 4):
        make_referral(at(date(2025, 6, day)), district="dover", provider="oasis", source="health", risk_level="high")
    swale = [
        make_referral(at(date(2025, 5, day)), provider="centra", source="police", risk_level="medium")
        for day in range(1, 8)
    ]
    for i, referral in enumerate(thanet[:22]):
        episode(referral, "refuge" if i < 2 else "outreach", date(2025, 5, 1 + i))
    for i, referral in enumerate(thanet[:12]):
        marac_case(referral, at(date(2025, 6, 1 + i)), repeat=i < 3)
    for i, referral in enumerate(swale + thanet[:2]):
        closure(referral, at(date(2025, 6, 10 + i)), cessation_of_abuse="yes" if i < 7 else "no")
    Contract.objects.create(
        name="East community",
        provider=Organisation.objects.get(slug="oasis"),
        area=Area.objects.get(slug="east"),
        starts_on=date(2024, 4, 1),
        ends_on=date(2026, 3, 31),
        annual_value=Decimal("365000.00"),
    )


def _scopes() -> list[dict[str, str]]:
    scopes: list[dict[str, str]] = [{}]
    scopes += [{"area": slug} for slug in Area.objects.values_list("slug", flat=True)]
    scopes += [
        {"district": slug} for slug in District.objects.filter(area__isnull=False).values_list("slug", flat=True)
    ]
    scopes += [
        {"provider": slug} for slug in Organisation.objects.filter(provides_support=True).values_list("slug", flat=True)
    ]
    return scopes


def _hidden_counts() -> set[int]:
    """Every count of 1 to 4 in the exact figures behind the same returns."""
    hidden: set[int] = set()
    for period_key in PERIODS:
        year, _, quarter = period_key.partition("-q")
        period = financial_period(int(year[:4]), int(quarter) if quarter else None)
        for params in _scopes():
            scope = ReportScope(
                area=Area.objects.filter(slug=params.get("area")).first(),
                district=District.objects.filter(slug=params.get("district")).first(),
                provider=Organisation.objects.filter(slug=params.get("provider")).first(),
                suppressed=False,
            )
            for table in whole_return_tables(quarterly_return(scope, period)):
                for row in table.rows:
                    hidden |= {int(v.replace(",", "")) for v in row[1:] if COUNT.match(v) and 0 < int(v) < 5}
    return hidden


def _downloads_read(scopes: list[dict[str, str]]) -> list[dict[str, str]]:
    """The county, and East with Dover and Thanet in it, and Oasis: the CSV tables and the workbook are the same
    tables as the API's (one list, reports.whole_return), so reading them there shows they hold nothing more;
    every scope's API answer is read."""
    wanted: tuple[dict[str, str], ...] = (
        {},
        {"area": "east"},
        {"district": "dover"},
        {"district": "thanet"},
        {"provider": "oasis"},
    )
    return [params for params in scopes if params in wanted]


def _what_a_commissioner_sees(client) -> list[list[list[str]]]:
    """Every table (as rows of cells) from the API and the dashboards, and the CSVs and workbooks."""
    tables: list[list[list[str]]] = []
    scopes = _scopes()
    downloads = _downloads_read(scopes)
    assert len(downloads) == 5
    for period in PERIODS:
        for params in scopes:
            query = {"period": period, **params}
            body = client.get("/api/v1/reports/return/", query).json()
            assert body["suppression_method"] == "rounding to base 5"
            for table in body["tables"]:
                tables.append(table["rows"])
                if period != QUARTER or params not in downloads:
                    continue  # the year's downloads are the same tables again
                csv_rows = list(
                    csv.reader(io.StringIO(client.get(f"/reports/return/{table['slug']}.csv", query).content.decode()))
                )
                tables.append([row for row in csv_rows if len(row) > 1])
            if period == QUARTER and params in downloads:
                book = load_workbook(io.BytesIO(client.get("/reports/return.xlsx", query).content))
                for sheet in book.worksheets:
                    tables.append([[_as_shown(c) for c in r] for r in sheet.iter_rows() if r[0].value and len(r) > 1])
            page = client.get("/reports/", query).content.decode()
            tables.append([["dashboard", cell] for cell in CELL.findall(page)])
    return tables


def _money(cell: str) -> Decimal:
    return Decimal(cell.lstrip("£'").replace(",", ""))


def _as_shown(cell) -> str:
    """A workbook cell as the page shows it (a percentage is a fraction in the workbook)."""
    if cell.number_format == "0.0%":
        return f"{100 * cell.value:.1f}%"
    return f"£{cell.value:.2f}" if cell.number_format.startswith("£") else str(cell.value)


def _counts(row: list[str]) -> list[int]:
    if row[0].startswith("Refuge vacancy rate"):  # a rate of places, not a count (the workbook holds 100% as 1)
        return []
    return [int(v.replace(",", "")) for v in row[1:] if COUNT.match(v.replace(",", "")) or v.isdigit()]


def test_no_count_of_one_to_four_comes_back_by_subtraction(client, commissioner, east_with_small_numbers) -> None:
    hidden = _hidden_counts()
    assert hidden >= {2, 3}  # the data has small numbers to hide: Dover's 3, the 2 self-referrals ...
    client.force_login(commissioner)
    tables = _what_a_commissioner_sees(client)

    seen = sorted({n for table in tables for row in table for n in _counts(row)})
    # Every count anyone outside the provider can open is a multiple of 5: so is any sum or difference.
    assert [row for table in tables for row in table if any(n % 5 for n in _counts(row))] == []
    # And the attacks themselves: one figure less another, a table's total (or an area's figure, or the
    # quarter) less any one or two of the figures beside it.
    differences = {abs(a - b) for a, b in combinations(seen, 2)}
    differences |= {a - b - c for a in seen for b, c in combinations(seen, 2)}
    assert differences & hidden == set()
    for table in tables:
        for column in range(1, max((len(r) for r in table), default=1)):
            cells = [_counts([r[0], r[column]]) for r in table if len(r) > column]
            values = [c[0] for c in cells if c]
            for i, whole in enumerate(values):
                assert whole - sum(values[:i] + values[i + 1 :]) not in hidden
    # Funding over a cost per client gives the number of clients (and per positive outcome, those closures).
    for table in tables:
        funding = next((row for row in table if row[0] == "Funding for the period"), [])
        for row in (r for r in table if funding and r[0].startswith("Cost per")):
            for amount, cost in zip(funding[1:], row[1:], strict=False):  # (a definition row has 2 cells)
                if amount.startswith("£") and cost.startswith("£"):
                    implied = _money(amount) / _money(cost)
                    assert round(implied) % 5 == 0, f"{row[0]} {cost} gives {implied} people away"
    # A percentage of a number asked gives the number who said yes (and no) away unless both are rounded.
    for table in tables:
        for row in table:
            for pct, asked in zip(row[1::2], row[2::2], strict=False):
                if pct.endswith("%") and asked.isdigit() and int(asked):
                    yes = float(pct[:-1]) * int(asked) / 100
                    assert round(yes) % 5 == 0 and abs(yes - round(yes)) < 0.06, (row, yes)


def test_the_named_attacks_of_the_issue_fail(api, commissioner, east_with_small_numbers) -> None:
    """East's return less Thanet's gave Dover's 3; new entrants less community-based gave the refuge entrants;
    a table's total less its other rows gave the self-referrals."""
    session = api(commissioner)

    def summary(**params: str) -> dict[str, str]:
        body = session.get("/api/v1/reports/return/", {"period": QUARTER, **params}).json()
        return {row[0]: row[1] for row in body["tables"][0]["rows"]}

    def table(slug: str, **params: str) -> dict[str, str]:
        body = session.get("/api/v1/reports/return/", {"period": QUARTER, **params}).json()
        return {row[0]: row[1] for row in next(t for t in body["tables"] if t["slug"] == slug)["rows"]}

    east, thanet, dover = summary(area="east"), summary(district="thanet"), summary(district="dover")
    assert dover["Referrals received"] == "<5"
    assert int(east["Referrals received"]) - int(thanet["Referrals received"]) != 3
    assert int(east["New entrants"]) - int(east["Community-based clients"]) != 2
    sources = table("by-source")
    assert sources["Self-referral"] == "<5"
    others = sum(
        int(v.replace(",", "")) for k, v in sources.items() if k not in ("Total", "Self-referral") and v != "<5"
    )
    assert int(sources["Total"].replace(",", "")) - others != 2
    assert table("by-district", area="east") == {"Dover": "<5", "Thanet": "35", "Total": "40"}
