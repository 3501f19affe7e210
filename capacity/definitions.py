"""What each figure of the MARAC dataset and each gauge means, shown beside it on the page, in the
downloads and the API. The wording follows capacity.dataset, capacity.selectors and capacity.gauges;
change them together."""

from __future__ import annotations

from monitoring.marac_dataset import DEFINITIONS as VICTIM_DEFINITIONS

NOT_RECORDED = " 'Not recorded' where none of the cases heard had equality monitoring (never 0)."
EQUALITY = {
    "Victim from a Black or minority ethnic group": VICTIM_DEFINITIONS["minority_ethnic"] + NOT_RECORDED,
    "Victim with a disability": VICTIM_DEFINITIONS["disabled"] + NOT_RECORDED,
    "Male victim": VICTIM_DEFINITIONS["male"],
    "LGBT victim": VICTIM_DEFINITIONS["lgbt"] + NOT_RECORDED,
}

DATASET: dict[str, str] = {
    "Cases heard": (
        "MARAC listings heard at this MARAC in the period (the day heard, not after today). Not recorded for a "
        "period whose referrals all came from an import of historic records (imports carry no MARAC listing)."
    ),
    "Women aged 16 and over": (
        "The districts the MARAC covers: each district's estimate for the year the period starts in, or the "
        "latest before it. Not recorded if any district has none."
    ),
    "Recommended number of cases": (
        "The national benchmark of 40 MARAC cases a year per 10,000 women aged 16 and over, for the "
        "population above, pro rata to the period's days."
    ),
    "Children in the households": (
        "Children on the heard cases' referrals, except those recorded as not living in the household."
    ),
    "Repeat cases": (
        "Cases heard that are repeats: a new incident within 12 months of the last MARAC referral of the same "
        "survivor and perpetrator."
    ),
    "Repeat cases (%)": "Repeat cases as a share of cases heard (from the counts as shown).",
    "Victim aged 16–17": "Cases heard whose survivor was 16 or 17 on the day heard (date of birth on the referral).",
    "Perpetrator aged 17 or under": (
        "Cases heard with an alleged perpetrator aged 17 or under on the day heard, from the perpetrator's date "
        "of birth. Not recorded when no heard case has a perpetrator's date of birth."
    ),
    "Perpetrator's age not recorded": "Cases heard where no alleged perpetrator's date of birth is recorded.",
    **EQUALITY,
    "Total": "The sum of the rows as shown (for commissioners, of the rounded rows).",
}

TABLES: dict[str, str] = {
    "marac-dataset": "The MARAC's quarterly dataset, as MARACs report it, beside the same period last year.",
    "by-agency": "Cases heard in the period by the kind of agency that referred them (the referral's source).",
}

GAUGES: dict[str, str] = {
    "cases-per-10k-women": (
        "Cases heard per 10,000 women aged 16 and over in the MARAC's districts, against about 40 a year "
        "(national benchmark), pro rata to the period's days."
    ),
    "referrals-per-idva": (
        "High-risk referrals received from the MARAC's districts and referred on to a provider, per full-time "
        "IDVA in post for the MARAC (each post weighted by the days it was in place), against about 100 a year "
        "per full-time IDVA, pro rata."
    ),
    "cases-per-coordinator": (
        "Cases heard per full-time MARAC coordinator in post (weighted by the days in place), against one "
        "coordinator per 400 cases a year, pro rata."
    ),
    "outreach-demand": (
        "Referrals received from the MARAC's districts and routed to an outreach service, against the same "
        "period last year: the change as a percentage of last year's."
    ),
}


def definitions_for(slug: str, labels: list[str]) -> list[tuple[str, str]]:
    """The definitions of a table's rows (and of the table itself), in the order shown."""
    found = [(label, DATASET[label]) for label in labels if label in DATASET]
    return ([("This table", TABLES[slug])] if slug in TABLES else []) + found
