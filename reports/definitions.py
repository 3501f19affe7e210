"""What each figure of the return means, shown beside it on the page, in the downloads and the API.
The wording follows the definitions in reports/selectors.py; change both together."""

from __future__ import annotations

FIGURES: dict[str, str] = {
    "Referrals received": "Referrals received in the period (London time), not counting duplicates of another referral.",
    "Imported from historic records": (
        "Referrals received in the period that came from an import of historic records. Imports carry no MARAC "
        "listing and no service-level deadline: for a period of imported referrals only, those read 'not recorded'."
    ),
    "High-risk referrals passported": "Referrals received in the period at high risk and referred on to a provider.",
    "New entrants": "Cases whose first support episode started in the period.",
    "Community-based clients": "New entrants whose first service was not a refuge.",
    "Refuge entrants": "Refuge stays that started in the period (a person moving between refuges counts twice).",
    "Refuge vacancy rate (average)": (
        "The average over the period's days of the share of refuge places empty that night, each day over the "
        "places that existed that day. Given for the county or a provider (refuges belong to providers)."
    ),
    "MARAC cases": "Referrals listed for a MARAC in the period.",
    "MARAC repeat cases": (
        "MARAC cases marked as repeats: a new incident within 12 months of the last MARAC referral of the same "
        "survivor and perpetrator."
    ),
    "Cases closed": "Cases closed in the period.",
    "Total": "The sum of the rows as shown (for commissioners, of the rounded rows).",
    "Funding for the period": (
        "Each contract's annual value, pro rata to the days it overlaps the period; 'not recorded' when no "
        "contract covers it (never £0.00). Contracts are per provider and area, so a district has none."
    ),
    "Cost per new entrant": "Funding for the period over new entrants (as shown).",
    "Cost per case closed with a positive outcome": (
        "Funding for the period over cases closed in it with at least one outcome answered yes."
    ),
    # Safe accommodation (reports/safe_accommodation.py; accommodation.selectors.refuge_figures and
    # accommodation/sanctuary/figures.py).
    "Households in refuge": "Cases with a stay in a refuge place on at least one night of the period.",
    "Children in refuge": "Children (as people, counted once) on the cases of households in refuge.",
    "Refuge leavers": "Refuge stays that ended in the period with the move-on recorded.",
    "Planned move-on from refuge (among leavers)": (
        "Refuge leavers in the period whose move-on was planned; counted among refuge leavers only."
    ),
    "SAFER referrals": "Households referred to the sanctuary scheme (SAFER) in the period.",
    "SAFER completed": "Sanctuary referrals completed in the period (measures installed, then completed).",
    "SAFER completed in one visit": (
        "Sanctuary referrals completed in the period whose measures were installed on the day of the property "
        "assessment: assessment and installation in one visit."
    ),
    "SAFER completed: Owner-occupier": "Sanctuary referrals completed in the period where the survivor owns the home.",
    "SAFER completed: Private tenant": "Sanctuary referrals completed in the period where the survivor rents privately.",
    "SAFER completed: Social housing tenant": (
        "Sanctuary referrals completed in the period where the survivor is a social housing tenant."
    ),
    "SAFER referrals for male survivors": "SAFER referrals made in the period for a survivor recorded as a man.",
    "Refuge": "Households with a refuge service running on a day of the period (the male refuge is specialist).",
    "Sanctuary": (
        "Households whose SAFER property assessment or installation fell in the period, or with a sanctuary "
        "service running in it."
    ),
    "Secondary or move-on": "Households with a move-on service (resettlement by default) running in the period.",
    "Specialist": "Households with a specialist service (the male refuge by default) running in the period.",
}

TABLES: dict[str, str] = {
    "by-source": "Referrals received in the period by who referred them.",
    "by-risk": "Referrals received in the period by their current risk level.",
    "by-district": "Referrals received in the period by the district they were routed for.",
    "service-levels": (
        "Service-level deadlines that fell in the period: the share met in time of those due (met, or missed: "
        "stopped late or still running past the deadline). Clocks not yet due are left out."
    ),
    "refuge-requests": (
        "Requests for a refuge place made in the period, by the answer they have now (a request still waiting "
        "counts as waiting), and the not-suitable answers by their reason."
    ),
    "sanctuary-scheme": "The sanctuary scheme (SAFER): security measures so a survivor can stay safely at home.",
    "safe-accommodation-kinds": (
        "Households supported in each kind of safe accommodation in the period, and their children. A household "
        "is the survivor, counted once however many cases; its children are the children on her cases, counted "
        "once, unless known not to live with her. Which services count as which kind is reference data "
        "(editable by an administrator); a household in two kinds counts in each."
    ),
    "outcomes": (
        "Closures in the period: for each outcome, the share of 'yes' among those asked (yes or no), reported "
        "by the client at closure."
    ),
}


def definitions_for(slug: str, labels: list[str]) -> list[tuple[str, str]]:
    """The definitions of a table's rows (and of the table itself), in the order shown."""
    found = [(label, FIGURES[label]) for label in labels if label in FIGURES]
    return ([("This table", TABLES[slug])] if slug in TABLES else []) + found
