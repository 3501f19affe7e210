"""When it is safe to make contact, read from the words the referral records ("Weekdays 10am to 2pm",
"Tuesdays after 2pm", "Mornings"). Pure, no database.

The referral keeps safe times as the person said them, so this reads only what it can be sure of: days
(Mondays, weekdays, weekends, Mon-Fri), times and ranges (10am, 14:00, 10-2, after 2pm, before 9am,
mornings 08:00-12:00, afternoons 12:00-17:00, evenings 17:00-21:00) and "any time". Anything else ("when
he is at work"), or several days each with their own times ("Mon 9-12, Sat 2-4"), is not understood,
and an unknown is treated as unsafe: the worker is asked to confirm, with a reason, as for a time outside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

DAY_NAMES = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
DAY_GROUPS = {
    "weekday": frozenset(range(5)),
    "weekend": frozenset({5, 6}),
    "daily": frozenset(range(7)),
}
PARTS_OF_DAY = {  # minutes from midnight, end excluded
    "morning": (8 * 60, 12 * 60),
    "lunchtime": (12 * 60, 14 * 60),
    "afternoon": (12 * 60, 17 * 60),
    "evening": (17 * 60, 21 * 60),
}
ALWAYS = ("any time", "anytime", "24/7", "all times")
EVERY_DAY = ("every day", "any day", "all week", "7 days")
# Words that carry no condition of their own.
FILLER = {"on", "at", "in", "the", "only", "and", "or", "is", "are", "safe", "to", "call", "calls", "contact"}
FILLER |= {"phone", "ok", "okay", "fine", "best", "between", "from", "every", "all", "any", "day", "days"}

DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
TIME = r"(?:noon|midday|midnight|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)"
TOKEN = re.compile(
    rf"(?P<range>{TIME}\s*(?:-|–|to|until|till)\s*{TIME})"
    rf"|(?P<after>(?:after|from)\s+{TIME})"
    rf"|(?P<before>(?:before|until|till)\s+{TIME})"
    rf"|(?P<dayrange>{DAY}\s*(?:-|–|to)\s*{DAY})"
    r"|(?P<word>[a-z]+)"
    r"|(?P<other>\S)"
)
WHOLE_DAY = (0, 24 * 60)


@dataclass(frozen=True)
class SafeTimes:
    days: frozenset[int]  # Monday is 0
    windows: tuple[tuple[int, int], ...]  # minutes from midnight, end excluded; start > end runs over midnight

    def allows(self, moment: datetime) -> bool:
        if moment.weekday() not in self.days:
            return False
        minute = moment.hour * 60 + moment.minute
        return any(
            start <= minute < end if start <= end else (minute >= start or minute < end) for start, end in self.windows
        )


def _clock(text: str, *, suffix: str = "") -> tuple[int, bool] | None:
    """Minutes from midnight, and whether am or pm was said."""
    text = text.strip()
    if text in ("noon", "midday"):
        return 12 * 60, True
    if text == "midnight":
        return 0, True
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", text)
    if match is None:
        return None
    hour, minute, said = int(match[1]), int(match[2] or 0), match[3] or ""
    meridiem = said or suffix
    if hour > 23 or minute > 59 or (meridiem and not 1 <= hour <= 12):
        return None
    if meridiem == "pm" and hour != 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    return hour * 60 + minute, bool(said)


def _time_range(text: str) -> tuple[int, int] | None:
    first, second = re.split(r"\s*(?:-|–|\bto\b|\buntil\b|\btill\b)\s*", text, maxsplit=1)
    end = _clock(second)
    start = _clock(first)
    if start is None or end is None:
        return None
    (start_at, start_said), (end_at, end_said) = start, end
    if not start_said and end_said and second.strip().endswith("pm") and start_at + 12 * 60 < end_at:
        start_at += 12 * 60  # "2-4pm" is 14:00-16:00
    if not start_said and not end_said and start_at < 7 * 60 and end_at < 12 * 60:
        start_at, end_at = start_at + 12 * 60, end_at + 12 * 60  # "1-3" is the afternoon
    if not start_said and not end_said and end_at <= start_at and end_at < 12 * 60:
        end_at += 12 * 60  # "10-2" is 10:00-14:00
    return start_at, end_at


def _day(word: str) -> frozenset[int] | None:
    word = word.rstrip("s") if word not in DAY_NAMES else word
    if word in DAY_NAMES:
        return frozenset({DAY_NAMES[word]})
    return DAY_GROUPS.get(word)


def _day_range(text: str) -> frozenset[int] | None:
    first, second = re.split(r"\s*(?:-|–|\bto\b)\s*", text, maxsplit=1)
    start, end = _day(first), _day(second)
    if start is None or end is None or len(start) != 1 or len(end) != 1:
        return None
    (a,), (b,) = start, end
    return frozenset(range(a, b + 1)) if a <= b else frozenset({*range(a, 7), *range(b + 1)})


def safe_times_read(text: str) -> SafeTimes | None:
    """What the recorded safe times allow, or None when they cannot be read with certainty."""
    text = text.lower().strip().rstrip(".")
    any_time = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ALWAYS)) + r")(?!\w)")
    said_any_time = any_time.search(text) is not None
    text = any_time.sub(" ", text)
    text = re.sub(r"(?<!\w)(?:" + "|".join(map(re.escape, EVERY_DAY)) + r")(?!\w)", " daily ", text)
    text = re.sub(rf"\bbetween\s+({TIME})\s+and\s+({TIME})", r"\1 to \2", text)
    text = re.sub(rf"\bfrom\s+(?=({TIME})\s*(?:-|–|to|until|till)\s*{TIME})", "", text)
    day_sets: list[frozenset[int]] = []
    windows: list[tuple[int, int]] = []
    for token in TOKEN.finditer(text):
        kind, value = token.lastgroup, token[0]
        if kind == "range":
            window = _time_range(value)
        elif kind in ("after", "before"):
            clock = _clock(value.split(maxsplit=1)[1])
            # "after 6" could be morning or evening: without am, pm or minutes it is not certain.
            certain = clock is not None and (clock[1] or re.search(r"[:.]|1[3-9]|2[0-3]", value) is not None)
            window = (
                None if clock is None or not certain else ((clock[0], 24 * 60) if kind == "after" else (0, clock[0]))
            )
        elif kind == "dayrange":
            days = _day_range(value)
            if days is None:
                return None
            day_sets.append(days)
            continue
        elif kind == "word":
            days = _day(value)
            part = PARTS_OF_DAY.get(value.rstrip("s"))
            if days is not None:
                day_sets.append(days)
            elif part is not None:
                windows.append(part)
            elif value not in FILLER:
                return None
            continue
        else:
            if value in ",;&/" or value == "+":
                continue
            return None
        if window is None:
            return None
        windows.append(window)
    if not day_sets and not windows and not said_any_time:
        return None
    if len(day_sets) > 1 and len(windows) > 1:
        return None  # "Mon 9-12, Sat 2-4": which times go with which day is not certain
    days = frozenset().union(*day_sets) if day_sets else frozenset(range(7))
    return SafeTimes(days=days, windows=tuple(windows) or (WHOLE_DAY,))


def outside_safe_times(safe_times: str, moment: datetime) -> str | None:
    """Why an attempt at `moment` (local time) needs the worker's confirmation, or None when the recorded
    safe times allow it (or none are recorded)."""
    if not safe_times.strip():
        return None
    read = safe_times_read(safe_times)
    if read is None:
        return (
            f'The safe times ("{safe_times}") cannot be checked automatically: '
            "make contact only if you are sure it is safe, and say why."
        )
    if read.allows(moment):
        return None
    return f'{moment:%A %-d %B %Y %H:%M} is outside the safe times ("{safe_times}"): say why contact was made then.'
