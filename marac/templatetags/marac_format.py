from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from marac import markup
from referrals.household import Household

register = template.Library()


@register.simple_tag
def case_cells(case: Any, since: Any, households: Mapping[int, Household] | None) -> str:
    """{% case_cells case since households %}: marac.markup.case_cells, with the case's household from those
    the view read for the whole page."""
    return markup.case_cells(case, since, (households or {}).get(case.referral_id))


@register.simple_tag
def high_risk_rows(cases: Any, households: Mapping[int, Household], is_coordinator: bool) -> str:
    """{% high_risk_rows cases households is_coordinator %}: marac.markup.high_risk_rows."""
    return markup.high_risk_rows(cases, households, is_coordinator=is_coordinator)
