"""The shape of a quarterly return: one period's figures for one scope (computed by reports.selectors,
stored per month by reports.summary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from reports.access import ReportScope
from reports.periods import Period

NOT_ASSESSED = ""


@dataclass
class StageCompliance:
    met: int = 0
    missed: int = 0
    running: int = 0

    @property
    def due(self) -> int:
        return self.met + self.missed


@dataclass
class Figures:
    """One period's figures for one scope."""

    period: Period
    received: int = 0
    imported: int = 0  # of those received, imported from historic records (no MARAC or deadlines recorded)
    by_source: dict[str, int] = field(default_factory=dict)
    by_risk: dict[str, int] = field(default_factory=dict)
    by_district: dict[str, int] = field(default_factory=dict)
    high_risk_passported: int = 0
    new_entrants: int = 0
    community_based: int = 0
    refuge_entrants: int = 0
    refuge_vacancy_rate: float | None = None
    marac_cases: int = 0
    marac_repeats: int = 0
    stages: dict[str, StageCompliance] = field(default_factory=dict)
    closures: int = 0
    positive_closures: int = 0
    outcome_yes: dict[str, int] = field(default_factory=dict)
    outcome_asked: dict[str, int] = field(default_factory=dict)
    funding: Decimal | None = None
    contributions: dict[str, Decimal] = field(default_factory=dict)

    @property
    def only_imported(self) -> bool:
        """Every referral of the period came from an import: what imports do not carry was not recorded."""
        return self.received > 0 and self.imported == self.received

    @property
    def cost_per_client(self) -> Decimal | None:
        return _per(self.funding, self.new_entrants)

    @property
    def cost_per_positive_outcome(self) -> Decimal | None:
        return _per(self.funding, self.positive_closures)


@dataclass
class QuarterlyReturn:
    scope: ReportScope
    this: Figures
    last: Figures


def _per(total: Decimal | None, count: int) -> Decimal | None:
    if total is None or count == 0:
        return None
    return (total / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
