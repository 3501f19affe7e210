"""Given names that are the same name to a caller: 'Jon' is John, 'Liz' is Elizabeth. A short list of
the common English forms; sound-alike spellings (Jon/John, Steven/Stephen) are also caught by the
matcher's double metaphone, so only pairs that do not sound alike need to be here."""

from __future__ import annotations

NAME_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "john jon jonathan johnny jack",
        "elizabeth liz lizzie beth betty eliza libby",
        "margaret maggie meg peggy",
        "catherine katherine kate katie cathy kathy kat",
        "rebecca becky becca",
        "jennifer jen jenny",
        "victoria vicky vikki tori",
        "samantha sam sammy",
        "alexandra alex lexi sandra",
        "christine chris chrissie christina",
        "deborah debbie debs",
        "susan sue susie",
        "patricia pat trish patsy",
        "william will bill billy liam",
        "robert rob bob bobby robbie",
        "richard rich rick dick",
        "michael mike mick mickey",
        "james jim jimmy jamie",
        "thomas tom tommy",
        "daniel dan danny",
        "anthony tony",
        "stephen steven steve stevie",
        "edward ed eddie ted",
        "charlotte charlie lottie",
        "abigail abi abbie abby",
        "nicola nicky nikki",
        "amanda mandy",
        "kimberley kimberly kim",
    )
)


def same_name_forms(given_key: str) -> set[str]:
    """Every form of each given name in `given_key` (keys as people.names.name_key), itself included."""
    forms = {given_key} if given_key else set()
    first = given_key.split(" ")[0] if given_key else ""
    for group in NAME_GROUPS:
        if first in group:
            forms |= group
    return forms
