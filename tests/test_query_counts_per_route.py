"""Every main list and detail page reads a fixed number of queries, however many referrals there are:
no query per row. Each route is measured with some referrals, then with twice as many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marac.models import Marac

pytestmark = pytest.mark.django_db

ROUTES = [
    ("worker", "/cases/"),
    ("worker", "/cases/?page=3"),
    ("worker", "/cases/?risk_level=high"),
    ("worker", "/api/v1/caseload/"),
    ("worker", "/api/v1/caseload/?risk_level=high&page=3&page_size=1"),
    ("manager", "/cases/"),
    ("manager", "/api/v1/caseload/"),
    ("manager", "/cases/inbox/"),
    ("manager", "/api/v1/inbox/"),
    ("manager", "/breaches/"),
    ("manager", "/api/v1/breaches/"),
    ("manager", "/notifications/"),
    ("triage", "/referrals/"),
    ("triage", "/api/v1/referrals/"),
    ("triage", "/referrals/queue/"),
    ("triage", "/referrals/?state=declined"),
    ("triage", "/api/v1/triage-queue/"),
    ("triage", "/referrals/{case}/"),
    ("triage", "/api/v1/referrals/{case}/"),
    ("worker", "/referrals/{case}/"),
    ("coordinator", "/marac/"),
    ("coordinator", "/marac/{marac}/"),
    ("coordinator", "/api/v1/maracs/{marac}/high-risk-list/"),
    ("commissioner", "/reports/"),
    ("commissioner", "/capacity/marac-dataset/?marac=swale-marac"),
    ("commissioner", "/api/v1/capacity/gauges/?marac=swale-marac"),
    ("coordinator", "/capacity/gauges/"),
]

# Pages with a ceiling as well: the referral's page reads each of its parts' rows once (kidas.db.read_once)
# and its three lists of other referrals in two statements, whoever opens it (signing in, the access event
# and the header's unread count included; the safe-contact question comes with the referral, and the apps above
# add their part: the children's service, sanctuary, the waiting list, equality monitoring).
AT_MOST = {"/referrals/{case}/": 24}


def _queries(client: Client, url: str) -> int:
    client.get(url)  # cached reference data (filter lists, menus) warm: count the page's own reads
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_it_reads_no_more_queries_with_twice_the_referrals(
    api,
    open_case,
    routed_case,
    create_referral,
    centra_worker,
    centra_manager,
    triage,
    swale_coordinator,
    commissioner,
) -> None:
    people = {
        "worker": centra_worker,
        "manager": centra_manager,
        "triage": triage,
        "coordinator": swale_coordinator,
        "commissioner": commissioner,
    }
    clients: dict[str, Client] = {}
    for name, user in people.items():
        clients[name] = Client()
        clients[name].force_login(user)

    def add_referrals(rounds: int) -> list[int]:
        """Each round: a high-risk open case (listed at MARAC), a routed referral, one waiting for triage, one the
        provider declined (its reason is free text, read as the user may read it)."""
        cases = []
        for _ in range(rounds):
            cases.append(open_case(centra_worker, yes=15))
            routed_case()
            create_referral()
            declined = routed_case()
            answer = api(centra_worker).post(
                f"/api/v1/referrals/{declined}/decline/", {"reason": "No capacity"}, format="json"
            )
            assert answer.status_code == 200, answer.content
        return cases

    cases = add_referrals(2)
    marac = Marac.objects.filter(memberships__user=swale_coordinator).values_list("slug", flat=True).first()
    urls = [(who, url.format(case=cases[0], marac=marac)) for who, url in ROUTES]

    def measure() -> dict[str, int]:
        return {f"{who} {url}": _queries(clients[who], url) for who, url in urls}

    before = measure()
    add_referrals(2)
    after = measure()
    grown = {route: (before[route], after[route]) for route in before if after[route] > before[route]}
    assert grown == {}
    ceilings = {f"{who} {url.format(case=cases[0])}": AT_MOST[url] for who, url in ROUTES if url in AT_MOST}
    over = {route: (after[route], most) for route, most in ceilings.items() if after[route] > most}
    assert over == {}
