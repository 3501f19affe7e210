"""Equality monitoring's questions and answers, and the groupings the figures use. Pure, no database.

Every question may go unanswered. Two different things are kept apart:
- not asked: the stored answer is "" (NOT_ASKED): nobody asked, or the answer was withdrawn;
- "Prefer not to say": asked, and the survivor chose not to answer.
Nothing is ever pre-selected on a form (never a default answer).

Ethnicity follows the 2021 census of England and Wales: 19 categories under 5 headings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NOT_ASKED = ""
PREFER_NOT_TO_SAY = "prefer_not_to_say"
PREFER_NOT_TO_SAY_LABEL = "Prefer not to say"

# (heading, [(value, label), ...]): the 2021 census of England and Wales, in its order.
ETHNIC_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Asian, Asian British or Asian Welsh",
        [
            ("asian_bangladeshi", "Bangladeshi"),
            ("asian_chinese", "Chinese"),
            ("asian_indian", "Indian"),
            ("asian_pakistani", "Pakistani"),
            ("asian_other", "Any other Asian background"),
        ],
    ),
    (
        "Black, Black British, Black Welsh, Caribbean or African",
        [
            ("black_african", "African"),
            ("black_caribbean", "Caribbean"),
            ("black_other", "Any other Black, Black British or Caribbean background"),
        ],
    ),
    (
        "Mixed or Multiple ethnic groups",
        [
            ("mixed_white_asian", "White and Asian"),
            ("mixed_white_black_african", "White and Black African"),
            ("mixed_white_black_caribbean", "White and Black Caribbean"),
            ("mixed_other", "Any other Mixed or Multiple ethnic background"),
        ],
    ),
    (
        "White",
        [
            ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
            ("white_irish", "Irish"),
            ("white_gypsy_irish_traveller", "Gypsy or Irish Traveller"),
            ("white_roma", "Roma"),
            ("white_other", "Any other White background"),
        ],
    ),
    (
        "Other ethnic group",
        [
            ("other_arab", "Arab"),
            ("other_any", "Any other ethnic group"),
        ],
    ),
]
ETHNICITY_HEADING: dict[str, str] = {value: heading for heading, rows in ETHNIC_GROUPS for value, _ in rows}
ETHNICITY_LABEL: dict[str, str] = {value: label for _, rows in ETHNIC_GROUPS for value, label in rows}
# For a model field: flat, each label with its heading; the form shows the grouped version.
ETHNICITY_CHOICES: list[tuple[str, str]] = [
    *[(value, f"{heading}: {label}") for heading, rows in ETHNIC_GROUPS for value, label in rows],
    (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL),
]
WHITE_BRITISH = "white_british"

SEX_CHOICES = [("female", "Female"), ("male", "Male"), (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]
# "Is the gender you identify with the same as your sex registered at birth?"
GENDER_SAME_AS_BIRTH_CHOICES = [("yes", "Yes"), ("no", "No"), (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]
# The 2021 census question on sexual orientation.
SEXUAL_ORIENTATION_CHOICES = [
    ("straight", "Straight or heterosexual"),
    ("gay_or_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Another sexual orientation"),
    (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL),
]
YES_NO_CHOICES = [("yes", "Yes"), ("no", "No"), (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]
# No recourse to public funds: a survivor may not know their immigration conditions.
NO_RECOURSE_CHOICES = [
    ("yes", "Yes"),
    ("no", "No"),
    ("not_sure", "Not sure"),
    (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL),
]


@dataclass(frozen=True)
class Question:
    field: str
    text: str
    choices: list[tuple[str, str]]
    hint: str = ""


QUESTIONS: tuple[Question, ...] = (
    Question("ethnicity", "What is your ethnic group?", ETHNICITY_CHOICES),
    Question("sex", "What is your sex?", SEX_CHOICES),
    Question(
        "gender_same_as_birth",
        "Is the gender you identify with the same as your sex registered at birth?",
        GENDER_SAME_AS_BIRTH_CHOICES,
    ),
    Question(
        "sexual_orientation",
        "Which of the following best describes your sexual orientation?",
        SEXUAL_ORIENTATION_CHOICES,
    ),
    Question(
        "disability",
        "Do you have a physical or mental health condition or illness lasting or expected to last 12 months or more "
        "that reduces your ability to carry out day-to-day activities?",
        YES_NO_CHOICES,
        hint="A disability as the Equality Act 2010 describes it.",
    ),
    Question("pregnancy", "Are you pregnant, or have you had a baby in the last 6 months?", YES_NO_CHOICES),
    Question(
        "no_recourse_to_public_funds",
        "Do you have no recourse to public funds (a condition of your visa or immigration status)?",
        NO_RECOURSE_CHOICES,
    ),
    Question("substance_use", "Do you use drugs or alcohol in a way you would like support with?", YES_NO_CHOICES),
    Question("mental_health", "Do you have mental health needs you would like support with?", YES_NO_CHOICES),
)
QUESTION_FIELDS: tuple[str, ...] = tuple(q.field for q in QUESTIONS)
LABELS: dict[str, dict[str, str]] = {q.field: dict(q.choices) for q in QUESTIONS}


def answer_label(field: str, value: str) -> str:
    """The answer as a person reads it; "Not asked" for no answer."""
    return LABELS[field].get(value, value) if value else "Not asked"


# ---------------------------------------------------------------- age bands

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Under 16", 0, 15),
    ("16–17", 16, 17),
    ("18–24", 18, 24),
    ("25–34", 25, 34),
    ("35–44", 35, 44),
    ("45–54", 45, 54),
    ("55–64", 55, 64),
    ("65 and over", 65, None),
)
AGE_NOT_KNOWN = "Not known"


def age_on(date_of_birth: date | None, on: date) -> int | None:
    """Whole years on the day (a birthday on 29 February is reached on 1 March in other years)."""
    if date_of_birth is None or date_of_birth > on:
        return None
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def age_band(date_of_birth: date | None, on: date) -> str:
    """The age band on the day, from the date of birth; "Not known" without one."""
    return band_of_age(age_on(date_of_birth, on))


def band_of_age(age: int | None) -> str:
    if age is None or age < 0:
        return AGE_NOT_KNOWN
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return AGE_NOT_KNOWN  # pragma: no cover: the bands cover every age from 0


# ---------------------------------------------------------------- the groupings the MARAC dataset reports

MINORITY_ETHNIC_DEFINITION = (
    "A victim from a Black or minority ethnic group: any ethnic group of the 2021 census other than White: "
    "English, Welsh, Scottish, Northern Irish or British (as the Office for National Statistics uses 'ethnic "
    "minorities'; White Irish, Gypsy or Irish Traveller, Roma and any other White background are included). "
    "Not asked and prefer not to say are not counted."
)
LGBT_DEFINITION = (
    "An LGBT victim: sexual orientation gay or lesbian, bisexual or another sexual orientation, or a gender "
    "different from the sex registered at birth. Not asked and prefer not to say are not counted."
)
MALE_DEFINITION = (
    "A male victim: sex recorded as male in equality monitoring; where sex was not asked, the gender on the "
    "referral is man. Prefer not to say is not counted."
)
DISABLED_DEFINITION = "A disabled victim: answered yes to the disability question of equality monitoring."
AGED_16_17_DEFINITION = (
    "A victim aged 16 or 17 on the day the case was listed for the MARAC (or heard, when counting cases heard), "
    "from the date of birth."
)


def is_minority_ethnic(ethnicity: str) -> bool:
    return ethnicity in ETHNICITY_HEADING and ethnicity != WHITE_BRITISH


def is_lgbt(sexual_orientation: str, gender_same_as_birth: str) -> bool:
    return sexual_orientation in ("gay_or_lesbian", "bisexual", "other") or gender_same_as_birth == "no"


def is_male(sex: str, referral_gender: str) -> bool:
    if sex:
        return sex == "male"
    return referral_gender == "man"


def is_disabled(disability: str) -> bool:
    return disability == "yes"


def is_aged_16_17(date_of_birth: date | None, on: date) -> bool:
    return age_band(date_of_birth, on) == "16–17"
