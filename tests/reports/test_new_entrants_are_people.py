"""New entrants are people entering the service in the period, not cases: one survivor with two cases
starting support in a quarter is one new entrant; someone whose support was already running when a new
case started is not entering; the definition is written on the return. Whether each episode is an entry is
stored (reports.models.EpisodeEntry) and kept right by database triggers whatever changes: those stored
answers are checked against the definition worked out afresh after every kind of change."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from accounts.models import User
from casework.models import SupportEpisode
from providers.models import District, Organisation
from referrals.models import Referral
from reports.access import ReportScope
from reports.models import EpisodeEntry
from reports.periods import financial_period
from reports.selectors import NEW_ENTRANTS_DEFINITION, quarterly_return
from tests.household import link, person
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db

Q1_2025 = financial_period(2025, 1)
MakeReferral = Callable[..., Referral]
Episode = Callable[..., SupportEpisode]


def entrants(scope: ReportScope | None = None) -> tuple[int, int]:
    this = quarterly_return(scope or ReportScope(suppressed=False), Q1_2025).this
    return this.new_entrants, this.community_based


def test_two_cases_of_one_person_are_one_new_entrant(make_referral: MakeReferral, episode: Episode) -> None:
    survivor = person()
    for day in (date(2025, 4, 3), date(2025, 5, 20)):
        referral = link(make_referral(at(day), provider="centra"), survivor=survivor)
        episode(referral, "outreach", day, ended=day)
    other = link(make_referral(at(date(2025, 4, 9)), provider="centra"), survivor=person())
    episode(other, "idva", date(2025, 4, 10))
    assert entrants() == (2, 2)  # 3 cases, 2 people


def test_someone_already_in_support_is_not_entering(make_referral: MakeReferral, episode: Episode) -> None:
    survivor = person()
    before = link(make_referral(at(date(2025, 2, 1)), provider="centra"), survivor=survivor)
    episode(before, "outreach", date(2025, 2, 3))  # still running
    now = link(make_referral(at(date(2025, 5, 1)), provider="centra"), survivor=survivor)
    episode(now, "idva", date(2025, 5, 2))
    assert entrants() == (0, 0)


def test_coming_back_after_support_ended_is_entering_again(make_referral: MakeReferral, episode: Episode) -> None:
    survivor = person()
    before = link(make_referral(at(date(2024, 6, 1)), provider="centra"), survivor=survivor)
    episode(before, "outreach", date(2024, 6, 3), ended=date(2024, 12, 20))
    now = link(make_referral(at(date(2025, 5, 1)), provider="centra"), survivor=survivor)
    episode(now, "refuge", date(2025, 5, 2))
    assert entrants() == (1, 0)  # entered through a refuge: not community-based


def test_support_running_with_another_provider_means_she_is_not_entering(
    make_referral: MakeReferral, episode: Episode
) -> None:
    survivor = person()
    before = link(make_referral(at(date(2024, 9, 1)), provider="oasis"), survivor=survivor)
    episode(before, "outreach", date(2024, 9, 3), ended=date(2025, 5, 31))  # still running on 2 May
    now = link(make_referral(at(date(2025, 5, 1)), provider="centra"), survivor=survivor)
    episode(now, "idva", date(2025, 5, 2))
    unknown = make_referral(at(date(2025, 6, 1)), provider="centra")  # not yet linked: her own person
    episode(unknown, "idva", date(2025, 6, 2))
    centra = ReportScope(provider=Organisation.objects.get(slug="centra"), suppressed=False)
    assert entrants() == (1, 1) and entrants(centra) == (1, 1)


def test_the_return_says_what_a_new_entrant_is(client: Client, administrator: User) -> None:
    client.force_login(administrator)
    page = client.get("/reports/return/").content.decode()
    assert NEW_ENTRANTS_DEFINITION.split(":")[0] in page
    assert "Each person counts once" in page


def entries_by_the_definition() -> dict[int, bool]:
    """Each episode: an entry when every episode of hers that started before it (earlier, or the same day with
    a lower id) had ended before its first day. A referral without a survivor is its own person."""
    episodes: dict[int, list[tuple[date, int, date | None]]] = defaultdict(list)
    for pk, started, ended, referral_id, survivor_id in SupportEpisode.objects.values_list(
        "pk", "started_on", "ended_on", "referral_id", "referral__survivor_id"
    ):
        episodes[survivor_id or -referral_id].append((started, pk, ended))
    entries = {}
    for hers in episodes.values():
        hers.sort()
        for i, (started, pk, _) in enumerate(hers):
            entries[pk] = all(ended is not None and ended < started for _, _, ended in hers[:i])
    return entries


def stored_entries() -> dict[int, bool]:
    return dict(EpisodeEntry.objects.values_list("episode_id", "is_entry"))


def test_the_stored_entries_follow_every_change_to_her_support(make_referral: MakeReferral, episode: Episode) -> None:
    her, someone_else = person(), person()
    first = link(make_referral(at(date(2025, 2, 1)), provider="oasis"), survivor=her)
    running = episode(first, "outreach", date(2025, 2, 3))
    second = link(make_referral(at(date(2025, 5, 1)), provider="centra"), survivor=her)
    later = episode(second, "idva", date(2025, 5, 2))
    same_day = episode(second, "outreach", date(2025, 5, 2))
    assert stored_entries() == entries_by_the_definition() == {running.pk: True, later.pk: False, same_day.pk: False}
    assert entrants() == (0, 0)

    # Her first support ends before the second case's: the second case's first episode now enters her.
    SupportEpisode.objects.filter(pk=running.pk).update(ended_on=date(2025, 4, 30))
    assert stored_entries() == entries_by_the_definition() == {running.pk: True, later.pk: True, same_day.pk: False}
    assert entrants() == (1, 1)

    # The second case turns out to be someone else's: both people are counted again.
    link(second, survivor=someone_else)
    assert stored_entries() == entries_by_the_definition()
    # Not linked to anyone: the case is its own person.
    Referral.objects.filter(pk=second.pk).update(survivor=None)
    assert stored_entries() == entries_by_the_definition()
    link(second, survivor=her)

    # Transferred to another provider in another district: her entries go with the case to their new scope.
    oasis, thanet = Organisation.objects.get(slug="oasis"), District.objects.get(slug="thanet")
    Referral.objects.filter(pk=second.pk).update(provider=oasis, district=thanet)
    moved = set(EpisodeEntry.objects.filter(referral_id=second.pk).values_list("provider_id", "district_id"))
    assert moved == {(oasis.pk, thanet.pk)}
    assert entrants(ReportScope(provider=oasis, suppressed=False)) == (1, 1)
    assert entrants(ReportScope(district=thanet, suppressed=False)) == (1, 1)
    assert entrants(ReportScope(provider=Organisation.objects.get(slug="centra"), suppressed=False)) == (0, 0)

    # An episode deleted (entered in error) leaves no stored answer, and the next one takes its place.
    SupportEpisode.objects.filter(pk=later.pk).delete()
    assert stored_entries() == entries_by_the_definition() == {running.pk: True, same_day.pk: True}
    # Moved to start before her first support ended: no longer an entry.
    SupportEpisode.objects.filter(pk=same_day.pk).update(started_on=date(2025, 3, 1))
    assert stored_entries() == entries_by_the_definition() == {running.pk: True, same_day.pk: False}


def test_many_episodes_written_in_one_statement_are_counted_as_one_at_a_time(
    make_referral: MakeReferral, administrator: User
) -> None:
    from providers.models import Service

    outreach = Service.objects.get(slug="outreach")
    people = [person() for _ in range(3)]
    referrals = [
        link(make_referral(at(date(2025, 4, day)), provider="centra"), survivor=people[day % 3]) for day in range(1, 10)
    ]
    unlinked = make_referral(at(date(2025, 4, 20)), provider="centra")
    SupportEpisode.objects.bulk_create(
        SupportEpisode(
            referral=referral,
            service=outreach,
            started_on=date(2025, 4, 1 + i),
            ended_on=date(2025, 4, 2 + i) if i % 2 else None,
            started_by=administrator,
        )
        for i, referral in enumerate([*referrals, unlinked, unlinked])
    )
    assert stored_entries() == entries_by_the_definition()
    assert sum(stored_entries().values()) >= 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_starting_her_support_at_once_are_counted_one_after_the_other(
    make_referral: MakeReferral, administrator: User
) -> None:
    """Two cases of one person, each starting support in its own transaction at the same moment: the second
    recount waits for the first to commit and sees its episode, so only the earlier one is an entry."""
    import threading
    import time

    from django.db import connection, transaction
    from django.utils import timezone

    from providers.models import Service

    her = person()
    first = link(make_referral(at(date(2025, 4, 1)), provider="centra"), survivor=her)
    second = link(make_referral(at(date(2025, 4, 2)), provider="oasis"), survivor=her)
    outreach = Service.objects.get(slug="outreach")
    inserted = threading.Event()

    def start(referral: Referral, day: date, *, hold: bool) -> None:
        try:
            if not hold:
                inserted.wait(timeout=10)
            with transaction.atomic():
                SupportEpisode.objects.create(
                    referral=referral, service=outreach, started_on=day, started_by=administrator
                )
                if hold:  # still uncommitted while the other worker starts hers
                    inserted.set()
                    time.sleep(0.5)
        finally:
            connection.close()

    workers = [
        # Today: a past month's marker row would make them take turns anyway (reports.summary).
        threading.Thread(target=start, args=(first, timezone.localdate()), kwargs={"hold": True}),
        threading.Thread(target=start, args=(second, timezone.localdate()), kwargs={"hold": False}),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert stored_entries() == entries_by_the_definition()
    assert sorted(stored_entries().values()) == [False, True]
