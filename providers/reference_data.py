"""The reference data of domain.md, loaded idempotently by `manage.py load_reference_data`.
Everything here is editable afterwards by an administrator; re-loading updates by slug."""

from __future__ import annotations

from datetime import date

AREAS = {
    "north": ("North", ["Dartford", "Gravesham", "Maidstone", "Swale"]),
    "west": ("West", ["Sevenoaks", "Tonbridge and Malling", "Tunbridge Wells"]),
    "east": ("East", ["Thanet", "Dover"]),
    "south": ("South", ["Ashford", "Folkestone and Hythe", "Canterbury"]),
}
# Medway is a separate unitary authority: it has a MARAC but is outside KIDAS, so no area.
DISTRICTS_OUTSIDE_KIDAS = ["Medway"]
# Referrals from a district outside KIDAS are signposted to its own service: (district, organisation slug).
# A high-risk case also goes to the district's own MARAC (MARAC_PATTERNS below).
SIGNPOST_RULES = [("Medway", "medway-domestic-abuse-service")]

# slug: (name, kind, agency_type, provides_support)
ORGANISATIONS = {
    "victim-support": ("Victim Support", "triage", "specialist", True),
    "centra": ("Centra Care and Support", "provider", "specialist", True),
    "look-ahead": ("Look Ahead Care and Support", "provider", "specialist", True),
    "davss": ("DAVSS", "provider", "specialist", True),
    "oasis": ("Oasis Domestic Abuse Services", "provider", "specialist", True),
    "kent-police": ("Kent Police", "partner", "police", False),
    "nhs-kent-medway": ("NHS Kent and Medway", "partner", "health", False),
    "kcc-childrens-services": ("Kent County Council Children's Services", "partner", "childrens_services", False),
    "kcc-adult-social-care": ("Kent County Council Adult Social Care", "partner", "adult_social_care", False),
    "swale-housing": ("Swale Borough Council Housing", "partner", "housing", False),
    "probation-kent": ("Probation Service Kent", "partner", "probation", False),
    "kent-marac-coordination": ("Kent MARAC Coordination", "partner", "council", False),
    "kcc-commissioning": ("Kent County Council Commissioning", "commissioner", "council", False),
    # The children's service in safe accommodation (SASS, 004 §3.4): children referred in their own right.
    # Not a provider of survivors' support, so never a routing choice for a referral.
    "project-salus": ("Project Salus CIC", "provider", "specialist", False),
    # Outside KIDAS: Medway's own domestic abuse service, where Medway referrals are signposted.
    "medway-domestic-abuse-service": ("Medway Domestic Abuse Service", "partner", "specialist", False),
}

SERVICES = {
    "early-intervention": "Early intervention and safety planning",
    "outreach": "Outreach",
    "idva": "IDVA support",
    "refuge": "Refuge accommodation",
    "resettlement": "Resettlement",
    "therapeutic-programmes": "Therapeutic programmes (Freedom, Phoenix, Own My Life, Recovery Toolkit)",
    "emergency-welfare": "Emergency welfare assistance",
    "sanctuary": "Sanctuary scheme (SAFER)",
    "private-rented-access": "Private rented access scheme",
    "one-stop-shop": "One Stop Shop",
    "hospital-idva": "Hospital IDVA",
    "specialist-idva": "Specialist IDVA (male victims, LGBT, complex needs)",
    "cyberstalking-clinic": "Cyberstalking clinic",
    "male-refuge": "Male refuge",
    "childrens-support": "Children's support in safe accommodation (SASS)",
}

# The children's service's provider (SASS: Project Salus CIC from June 2023, 004 §3.4) and its service.
CHILDRENS_SERVICE = ("project-salus", "childrens-support")

KIDAS_START = date(2017, 4, 1)
# (risk, area slug or None for the whole county, provider slug, service slug)
ROUTING_RULES = [
    ("standard", None, "victim-support", "early-intervention"),
    ("medium", "north", "centra", "outreach"),
    ("medium", "south", "centra", "outreach"),
    ("medium", "east", "oasis", "outreach"),
    ("medium", "west", "davss", "outreach"),
    ("high", "north", "centra", "idva"),
    ("high", "south", "centra", "idva"),
    ("high", "east", "oasis", "idva"),
    ("high", "west", "look-ahead", "idva"),
]

# One MARAC per district; (weekday 0=Monday, every N weeks, case limit). Each pattern counts from its
# weekday in the week starting MARAC_PATTERNS_FROM (a Monday): "every other Tuesday" is then well defined.
MARAC_PATTERNS_FROM = date(2026, 1, 5)
MARAC_PATTERNS = {
    "Swale": (1, 2, 20),
    "Maidstone": (2, 2, 20),
    "Dartford": (3, 2, 18),
    "Gravesham": (3, 2, 18),
    "Sevenoaks": (1, 4, 15),
    "Tonbridge and Malling": (2, 4, 15),
    "Tunbridge Wells": (3, 4, 15),
    "Thanet": (1, 2, 25),
    "Dover": (2, 2, 18),
    "Ashford": (3, 2, 18),
    "Folkestone and Hythe": (4, 2, 18),
    "Canterbury": (4, 2, 20),
    "Medway": (1, 2, 25),
}

CHECKLIST_VERSION = "2026.1"
CHECKLIST_PUBLISHED = date(2026, 1, 5)
# (key, topic, question in plain English, prompts judgement, cluster)
CHECKLIST = [
    ("current_injuries", "Current injuries", "Has the current incident left you hurt or injured?", False, "violence"),
    ("fear", "Fear", "Are you very frightened? What are you afraid of?", True, ""),
    ("isolation", "Isolation", "Do you feel cut off from family or friends?", False, ""),
    (
        "depression",
        "Depression or suicidal thoughts",
        "Are you feeling very low or having thoughts of ending your life?",
        False,
        "",
    ),
    ("separation", "Separation", "Have you separated, or tried to separate, in the last year?", False, "separation"),
    ("child_contact", "Conflict over child contact", "Is there conflict over contact with the children?", False, ""),
    (
        "stalking",
        "Stalking or constant contact",
        "Do they keep contacting, texting, following or stalking you?",
        True,
        "",
    ),
    (
        "pregnancy",
        "Pregnancy or a new baby",
        "Are you pregnant, or have you had a baby in the last 18 months?",
        False,
        "",
    ),
    ("dependants", "Other dependants", "Are there other people who depend on you in the household?", False, ""),
    ("harm_to_children", "Harm to children", "Have they ever hurt the children?", False, ""),
    ("getting_worse", "Abuse getting worse", "Is the abuse getting worse?", False, ""),
    ("more_often", "Abuse more often", "Is the abuse happening more often?", False, ""),
    (
        "control",
        "Jealousy or control",
        "Do they try to control what you do, or are they very jealous?",
        False,
        "control",
    ),
    ("weapons", "Weapons or objects", "Have they used a weapon or an object to hurt you?", False, "violence"),
    (
        "threats_to_kill",
        "Threats to kill",
        "Have they ever threatened to kill you or someone else, and you believed them?",
        True,
        "",
    ),
    (
        "strangulation",
        "Strangulation or choking",
        "Have they ever tried to strangle, choke, suffocate or drown you?",
        True,
        "violence",
    ),
    (
        "sexual_abuse",
        "Sexual abuse",
        "Do they do or say things of a sexual nature that make you feel bad or hurt you?",
        False,
        "violence",
    ),
    (
        "third_party_threats",
        "Threats from other people",
        "Has anyone else threatened or hurt you on their behalf?",
        False,
        "",
    ),
    ("harm_to_others", "Harm to others", "Have they hurt anyone else?", False, ""),
    ("harm_to_animals", "Harm to animals", "Have they ever hurt or threatened a pet or another animal?", False, ""),
    ("financial", "Financial problems", "Are there money problems, or do you depend on them for money?", False, ""),
    (
        "perpetrator_problems",
        "Perpetrator's drugs, alcohol or mental health",
        "Do they have problems with drugs, alcohol or their mental health?",
        False,
        "",
    ),
    (
        "perpetrator_suicide_threats",
        "Perpetrator's threats of suicide",
        "Have they ever threatened or tried to take their own life?",
        False,
        "",
    ),
    (
        "breach_of_orders",
        "Breach of bail or court orders",
        "Have they broken bail, an injunction or a court order?",
        False,
        "",
    ),
    (
        "criminal_history",
        "Criminal history",
        "Do you know if they have been in trouble with the police or have a criminal record?",
        False,
        "",
    ),
]

# Refuges by provider: (name, provider slug, number of places, men only). Names are the project's own;
# real refuge addresses are confidential and never part of reference data.
REFUGES = [
    ("West Kent Refuge 1", "look-ahead", 6, False),
    ("West Kent Refuge 2", "look-ahead", 6, False),
    ("West Kent Refuge 3", "look-ahead", 5, False),
    ("Kent Male Refuge", "look-ahead", 3, True),
    ("North Kent Refuge", "centra", 8, False),
    ("South Kent Refuge", "centra", 6, False),
    ("East Kent Refuge", "oasis", 8, False),
]
# Each refuge's places by suitability: (wheelchair-accessible room numbers, family room numbers, children
# allowed). The male refuge (3 beds) takes men and their accompanying children. Rooms not named are
# ordinary rooms.
REFUGE_PLACE_SUITABILITY: dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]] = {
    "West Kent Refuge 1": ((1,), (2, 3), True),
    "West Kent Refuge 2": ((), (1, 2), True),
    "West Kent Refuge 3": ((1,), (), True),
    "Kent Male Refuge": ((1,), (2,), True),
    "North Kent Refuge": ((1, 2), (3, 4), True),
    "South Kent Refuge": ((), (1,), True),
    "East Kent Refuge": ((1,), (2, 3), True),
}

# Postcode districts (the part before the space) that lie wholly, or all but wholly, in one district,
# so a referral's district can be worked out from its postcode. Postcode districts shared between
# districts (ME9, ME18, DA3, DA4, DA13, TN3, TN8, TN11, TN12, TN15, TN16, TN18, TN25, TN27, CT3,
# CT4 ...) are left out on purpose: there the worker chooses, nothing is guessed. The page always
# says when a district was worked out, and it stays editable.
POSTCODE_DISTRICTS = {
    **dict.fromkeys(["DA1", "DA2", "DA9", "DA10"], "Dartford"),
    **dict.fromkeys(["DA11", "DA12"], "Gravesham"),
    **dict.fromkeys(["ME14", "ME15", "ME16", "ME17"], "Maidstone"),
    **dict.fromkeys(["ME10", "ME11", "ME12", "ME13"], "Swale"),
    **dict.fromkeys(["ME1", "ME2", "ME3", "ME4", "ME7", "ME8"], "Medway"),
    **dict.fromkeys(["TN13", "TN14"], "Sevenoaks"),
    **dict.fromkeys(["ME6", "ME19", "ME20", "TN9", "TN10"], "Tonbridge and Malling"),
    **dict.fromkeys(["TN1", "TN2", "TN4", "TN17"], "Tunbridge Wells"),
    **dict.fromkeys(["CT7", "CT8", "CT9", "CT10", "CT11", "CT12"], "Thanet"),
    **dict.fromkeys(["CT13", "CT14", "CT15", "CT16", "CT17"], "Dover"),
    **dict.fromkeys(["TN23", "TN24", "TN30"], "Ashford"),
    **dict.fromkeys(["CT18", "CT19", "CT20", "CT21", "TN28", "TN29"], "Folkestone and Hythe"),
    **dict.fromkeys(["CT1", "CT2", "CT5", "CT6"], "Canterbury"),
}
