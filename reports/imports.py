"""Historic referrals from a CSV file. Each row is checked, then written in its own transaction
(all of it or none of it); bad rows are reported by line with the reason and the good ones kept.
A row's `source_reference` is unique across imports, so importing the same file again adds nothing.

The worker records its progress in the ReferralImport row, committed every few rows, so the page
can poll it from PostgreSQL."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from casework.models import OUTCOME_MEASURES, Closure, ClosureReason, OutcomeAnswer, SupportEpisode
from providers.models import District, RoutingRule, Service
from providers.routing import Outcome, RuleRow, choose_route
from referrals.models import Channel, Gender, Referral, Relationship, Source
from referrals.risk import RiskLevel
from referrals.states import State
from reports.models import ImportedReferral, ImportStatus, ReferralImport
from reports.periods import LONDON
from reports.stored_returns import returns_forget

logger = logging.getLogger(__name__)

# (column, required, what it holds): the template and the import page are built from this list.
COLUMNS: list[tuple[str, bool, str]] = [
    (
        "source_reference",
        True,
        "Your system's own reference for the referral; unique. Importing it again adds nothing.",
    ),
    ("received_on", True, "Date received: YYYY-MM-DD or DD/MM/YYYY, optionally with a time HH:MM (London time)."),
    ("first_name", True, "The person's first name."),
    ("last_name", True, "The person's last name."),
    ("date_of_birth", True, "YYYY-MM-DD or DD/MM/YYYY."),
    ("gender", False, "woman, man, non_binary, other or not_said (empty: not_said)."),
    ("postcode", False, "The person's postcode."),
    ("district", True, "The Kent district, by name (e.g. Swale) or slug (e.g. tonbridge-and-malling)."),
    (
        "source",
        True,
        "police, self, health, childrens_social_care, adult_social_care, housing, one_stop_shop, "
        "specialist_service, family_or_friend or other.",
    ),
    ("risk_level", True, "standard, medium or high."),
    ("support_started_on", False, "The date support started, if it did."),
    ("service", False, "The service delivered, by slug (e.g. refuge, outreach, idva); empty: the routing rule's."),
    ("closed_on", False, "The date the case closed, if it has."),
    (
        "closure_reason",
        False,
        "Needed with closed_on: support_completed, client_disengaged, moved_out_of_area, no_contact or other.",
    ),
] + [
    (m, False, f"Outcome at closure, {text.lower()} yes, no or not_asked (empty: not_asked).")
    for m, text in OUTCOME_MEASURES.items()
]
REQUIRED = [name for name, required, _ in COLUMNS if required]
MAX_ROWS = 50_000
PROGRESS_EVERY = 25

TEMPLATE_EXAMPLE = {
    "source_reference": "OLD-000123",
    "received_on": "2024-05-14",
    "first_name": "Jane",
    "last_name": "Example",
    "date_of_birth": "1986-02-03",
    "gender": "woman",
    "postcode": "ME10 3AB",
    "district": "Swale",
    "source": "police",
    "risk_level": "medium",
    "support_started_on": "2024-05-16",
    "service": "outreach",
    "closed_on": "2024-09-30",
    "closure_reason": "support_completed",
    **dict.fromkeys(OUTCOME_MEASURES, "yes"),
    "planned_move_on": "not_asked",
}


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _, _ in COLUMNS])
    writer.writerow([TEMPLATE_EXAMPLE.get(name, "") for name, _, _ in COLUMNS])
    return out.getvalue()


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (not CSV, missing columns, too many rows)."""


def read_rows(content: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(line number, row)]). Line 1 is the header; a row's number is the line it starts on."""
    reader = csv.DictReader(io.StringIO(content))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportFileError(f"This is not a CSV file we can read: {error}") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError("The file is missing these columns: " + ", ".join(missing))
    reader.fieldnames = header
    rows = []
    line = reader.line_num + 1
    try:
        for row in reader:
            if any((v or "").strip() for k, v in row.items() if k is not None):
                rows.append((line, {k: (v or "").strip() for k, v in row.items() if k is not None}))
            line = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows: split it")
    except csv.Error as error:
        raise ImportFileError(f"Line {line}: {error}") from None
    return header, rows


def _date(value: str, column: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"{column} is not a date (use YYYY-MM-DD or DD/MM/YYYY): {value!r}")


def _instant(value: str, column: str) -> datetime:
    day_part, _, time_part = value.partition(" ")
    day = _date(day_part, column)
    at = time(12, 0)
    if time_part:
        try:
            at = datetime.strptime(time_part.strip(), "%H:%M").time()
        except ValueError:
            raise ValueError(f"{column} has a time we cannot read (use HH:MM): {value!r}") from None
    return datetime.combine(day, at, tzinfo=LONDON)


def _choice(value: str, column: str, choices: Any, default: str | None = None) -> str:
    if not value and default is not None:
        return default
    by_label = {str(label).lower(): str(v) for v, label in choices}
    allowed = {str(v) for v, _ in choices}
    if value.lower() in allowed:
        return value.lower()
    if value.lower() in by_label:
        return by_label[value.lower()]
    raise ValueError(f"{column} must be one of {', '.join(sorted(allowed))}: {value!r}")


@dataclass
class Lookups:
    districts: dict[str, District]
    services: dict[str, Service]
    rules: list[RuleRow]

    @classmethod
    def load(cls) -> Lookups:
        districts: dict[str, District] = {}
        for d in District.objects.select_related("area"):
            districts[d.name.lower()] = districts[d.slug] = d
        return cls(
            districts,
            {s.slug: s for s in Service.objects.all()},
            [r.as_row() for r in RoutingRule.objects.all()],
        )


@dataclass
class ParsedRow:
    referral: Referral
    service: Service | None
    support_started_on: date | None
    closed_on: date | None
    closure_reason: str
    outcomes: dict[str, str]


def parse_row(row: dict[str, str], lookups: Lookups) -> ParsedRow:
    """The referral a row describes, unsaved, or ValueError with every problem found, joined."""
    problems: list[str] = []

    def take(fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except ValueError as error:
            problems.append(str(error))
            return None

    for column in REQUIRED:
        if not row.get(column):
            problems.append(f"{column} is empty")
    if problems:
        raise ValueError("; ".join(problems))
    if len(row["source_reference"]) > 100:
        problems.append("source_reference is longer than 100 characters")
    received_at = take(_instant, row["received_on"], "received_on")
    date_of_birth = take(_date, row["date_of_birth"], "date_of_birth")
    district = lookups.districts.get(row["district"].lower())
    if district is None:
        problems.append(f"district is not a district we know: {row['district']!r}")
    source = take(_choice, row["source"], "source", Source.choices)
    risk = take(_choice, row["risk_level"], "risk_level", RiskLevel.choices)
    gender = take(_choice, row.get("gender", ""), "gender", Gender.choices, Gender.NOT_SAID)
    started = take(_date, row["support_started_on"], "support_started_on") if row.get("support_started_on") else None
    closed = take(_date, row["closed_on"], "closed_on") if row.get("closed_on") else None
    reason = ""
    if row.get("closed_on"):
        reason = take(_choice, row.get("closure_reason", ""), "closure_reason", ClosureReason.choices) or ""
        if not row.get("closure_reason"):
            problems.append("closure_reason is needed when closed_on is given")
    service = None
    if row.get("service"):
        service = lookups.services.get(row["service"].lower())
        if service is None:
            problems.append(f"service is not a service we know: {row['service']!r}")
    outcomes = {
        m: take(_choice, row.get(m, ""), m, OutcomeAnswer.choices, OutcomeAnswer.NOT_ASKED) or OutcomeAnswer.NOT_ASKED
        for m in OUTCOME_MEASURES
    }
    if not row.get("support_started_on") and not row.get("closed_on"):
        problems.append("a historic referral needs support_started_on or closed_on")
    if received_at and date_of_birth and date_of_birth >= received_at.date():
        problems.append("date_of_birth is not before received_on")
    if received_at and received_at > timezone.now():
        problems.append("received_on is in the future")
    if received_at and started and started < received_at.date():
        problems.append("support_started_on is before received_on")
    if received_at and closed and closed < received_at.date():
        problems.append("closed_on is before received_on")
    if started and closed and closed < started:
        problems.append("closed_on is before support_started_on")
    rule = None
    if district is not None and risk and received_at:
        decision = choose_route(
            rules=lookups.rules,
            area_id=district.area_id,
            risk_level=risk,
            on_date=received_at.date(),
            consent=True,
        )
        if decision.outcome is not Outcome.PROVIDER or decision.rule is None:
            problems.append(f"no provider for {district} at {risk} risk on that date: {decision.explanation}")
        else:
            rule = decision.rule
    if problems or rule is None or received_at is None:  # (no rule and no date are among the problems)
        raise ValueError("; ".join(problems) or "no provider for this referral")
    referral = Referral(
        first_name=row["first_name"][:80],
        last_name=row["last_name"][:80],
        date_of_birth=date_of_birth,
        gender=gender,
        postcode=row.get("postcode", "").upper()[:8],
        district=district,
        perpetrator_relationship=Relationship.OTHER,
        source=source,
        channel=Channel.TRIAGE,
        consent_given=True,
        circumstances="Imported from a historic record.",
        received_at=received_at,
        risk_level=risk,
        provider_id=rule.provider_id,
        service_id=rule.service_id,
        routing_rule_id=rule.id,  # the page and the API explain the route from the rule
        routing_explanation=decision.explanation,
        state=State.CLOSED if closed else State.IN_SUPPORT,
    )
    return ParsedRow(referral, service, started, closed, reason, outcomes)


def _save(parsed: ParsedRow, *, reference: str, line: int, referral_import: ReferralImport, user: User) -> None:
    """One row, in one transaction: all of it or none of it."""
    referral = parsed.referral
    referral.created_by = user
    with transaction.atomic():
        referral.save()
        changed_at = (
            datetime.combine(parsed.closed_on, time(12), tzinfo=LONDON) if parsed.closed_on else referral.received_at
        )
        Referral.objects.filter(pk=referral.pk).update(created_at=referral.received_at, state_changed_at=changed_at)
        ImportedReferral.objects.create(
            source_reference=reference, referral=referral, referral_import=referral_import, line=line
        )
        if parsed.support_started_on:
            SupportEpisode.objects.create(
                referral=referral,
                service_id=parsed.service.pk if parsed.service else int(referral.service_id or 0),
                started_on=parsed.support_started_on,
                ended_on=parsed.closed_on,
                started_by=user,
                ended_by=user if parsed.closed_on else None,
            )
        if parsed.closed_on:
            closure = Closure.objects.create(
                referral=referral, reason=parsed.closure_reason, outcomes=parsed.outcomes, by=user, notes="Imported."
            )
            Closure.objects.filter(pk=closure.pk).update(at=changed_at)


def _claim(import_id: int) -> bool:
    """Queued → running, by a conditional UPDATE, so two workers never both run one import. A run
    left 'running' for 10 minutes (its worker died) may be claimed again: rows are idempotent."""
    stale = timezone.now() - timedelta(minutes=10)
    return bool(
        ReferralImport.objects.filter(pk=import_id)
        .filter(Q(status=ImportStatus.QUEUED) | Q(status=ImportStatus.RUNNING, started_at__lt=stale))
        .update(
            status=ImportStatus.RUNNING,
            started_at=timezone.now(),
            processed_rows=0,
            imported_rows=0,
            already_imported_rows=0,
            errors=[],
        )
    )


def referral_import_run(*, import_id: int) -> None:
    """Import every row of one upload. Runs outside any request transaction (in the worker)."""
    if not _claim(import_id):
        return
    referral_import = ReferralImport.objects.select_related("uploaded_by").get(pk=import_id)
    try:
        _, rows = read_rows(referral_import.content)
    except ImportFileError as error:
        ReferralImport.objects.filter(pk=import_id).update(
            content="",
            status=ImportStatus.FAILED,
            errors=[{"line": 1, "reason": str(error)}],
            finished_at=timezone.now(),
        )
        return
    ReferralImport.objects.filter(pk=import_id).update(total_rows=len(rows))
    lookups = Lookups.load()
    errors: list[dict[str, Any]] = []
    imported = already = 0
    first_line: dict[str, int] = {}
    for done, (line, row) in enumerate(rows, start=1):
        reference = row.get("source_reference", "")
        repeated = bool(reference) and reference in first_line
        first_line.setdefault(reference, line)
        existing = (
            ImportedReferral.objects.filter(source_reference=reference)
            .values_list("referral_import_id", flat=True)
            .first()
            if reference and not repeated
            else None
        )
        if repeated:
            # The same reference twice in one file is a problem in the file, not a second referral.
            errors.append(
                {"line": line, "reason": f"source_reference {reference} repeats line {first_line[reference]}"}
            )
        elif existing is not None:
            # A re-run of this same import (its worker died) counts its own rows as imported.
            imported, already = (imported + 1, already) if existing == import_id else (imported, already + 1)
        else:
            try:
                parsed = parse_row(row, lookups)
                _save(
                    parsed,
                    reference=reference,
                    line=line,
                    referral_import=referral_import,
                    user=referral_import.uploaded_by,
                )
                imported += 1
            except ValueError as error:
                errors.append({"line": line, "reason": str(error)})
            except IntegrityError as error:
                if ImportedReferral.objects.filter(source_reference=reference).exists():
                    already += 1  # another import took the same reference between our check and our insert
                else:
                    errors.append({"line": line, "reason": f"could not be saved: {str(error).splitlines()[0]}"})
        if done % PROGRESS_EVERY == 0 or done == len(rows):
            ReferralImport.objects.filter(pk=import_id).update(
                processed_rows=done, imported_rows=imported, already_imported_rows=already, errors=errors
            )
    # The uploaded file holds special category data: once every row is in (or refused), it is not kept.
    ReferralImport.objects.filter(pk=import_id).update(
        content="",
        status=ImportStatus.DONE,
        processed_rows=len(rows),
        imported_rows=imported,
        already_imported_rows=already,
        errors=errors,
        finished_at=timezone.now(),
    )
    if imported:  # the history changed: every stored return is counted again when next asked for
        returns_forget()
