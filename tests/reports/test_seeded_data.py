"""The benchmark seeder makes data the return can count: sources, risk levels, support, closures with
outcomes, service-level clocks and MARAC listings, and fills them in once for older seeded referrals."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from casework.models import Closure
from devtools.seed import seed_referrals, seed_report_extras
from reports.access import ReportScope
from reports.periods import current_quarter
from reports.selectors import quarterly_return
from sla.models import Clock


def test_seeded_referrals_fill_every_part_of_the_return(ref) -> None:
    seed_referrals(6000, batch=2000)
    seed_report_extras()  # as `manage.py seed_referrals` does after seeding
    quarter = current_quarter(current_quarter(timezone.localdate()).start - timedelta(days=1))
    ret = quarterly_return(ReportScope(suppressed=False), quarter)
    this = ret.this
    assert this.received > 0 and len(this.by_source) >= 5 and set(this.by_risk) == {"standard", "medium", "high"}
    assert this.high_risk_passported > 0 and this.marac_cases > 0 and this.marac_repeats > 0
    assert this.new_entrants > 0 and this.refuge_entrants > 0 and this.community_based > 0
    assert {"triage", "provider_decision", "first_contact"} <= set(this.stages)
    assert this.stages["triage"].met > 0 and this.stages["triage"].missed > 0
    assert this.closures > 0 and 0 < this.outcome_yes["cessation_of_abuse"] < this.outcome_asked["cessation_of_abuse"]
    assert ret.last.received > 0

    # Synthetic rows have no change history: the audit's triggers are off while seeding.
    assert not any(apps.get_model("audit", name).objects.exists() for name in ("ReferralEvent", "ClosureEvent"))

    clocks, closures = Clock.objects.count(), Closure.objects.count()
    seed_report_extras()  # nothing new to fill in
    assert (Clock.objects.count(), Closure.objects.count()) == (clocks, closures)
