"""Refuge vacancy: pure arithmetic over places and stays."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Stay:
    place_id: int
    start: date
    end: date | None  # None: still there


def occupied_on(stays: Iterable[Stay], day: date) -> set[int]:
    """Places occupied on a day. A stay occupies its place from its first night to the night before it ends."""
    return {s.place_id for s in stays if s.start <= day and (s.end is None or day < s.end)}


def vacancy_rate(place_ids: Iterable[int], stays: Iterable[Stay], day: date) -> float | None:
    """Share of places vacant on the day, 0.0–1.0; None when there are no places."""
    places = set(place_ids)
    if not places:
        return None
    return 1 - len(occupied_on(stays, day) & places) / len(places)


@dataclass(frozen=True)
class Place:
    place_id: int
    available_from: date | None  # None: since before any record
    available_until: date | None  # None: still available (the last night it could be let otherwise)


def places_on(places: Iterable[Place], day: date) -> set[int]:
    """The places that existed on a day: a past period's vacancy counts the places of its own days."""
    return {
        p.place_id
        for p in places
        if (p.available_from is None or p.available_from <= day)
        and (p.available_until is None or day <= p.available_until)
    }
