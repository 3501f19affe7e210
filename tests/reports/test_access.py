"""Who sees which figures: one scoping function, and every report page goes through it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from reports.access import report_scope_for

PAGES = ["/reports/", "/reports/return/", "/reports/return.xlsx", "/reports/return/summary.csv"]


def test_commissioners_see_any_area_with_small_numbers_suppressed(commissioner) -> None:
    scope = report_scope_for(commissioner, area="north", provider="centra")
    assert scope.suppressed and scope.area is not None and scope.provider is not None
    assert (scope.area.slug, scope.provider.slug) == ("north", "centra")


def test_provider_managers_see_their_own_organisation_exactly(centra_manager) -> None:
    scope = report_scope_for(centra_manager, area="south")
    assert not scope.suppressed and scope.provider == centra_manager.organisation
    assert scope.area is not None and scope.area.slug == "south"
    with pytest.raises(Http404):
        report_scope_for(centra_manager, provider="oasis")


def test_administrators_see_everything_exactly(administrator) -> None:
    assert not report_scope_for(administrator).suppressed


@pytest.mark.parametrize("persona", ["triage", "centra_worker", "swale_coordinator", "police_user"])
def test_everyone_else_is_refused(persona: str, request: pytest.FixtureRequest) -> None:
    with pytest.raises(PermissionDenied):
        report_scope_for(request.getfixturevalue(persona))


def test_an_unknown_area_is_not_found(commissioner) -> None:
    with pytest.raises(Http404):
        report_scope_for(commissioner, district="atlantis")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("commissioner", 200),
        ("centra_manager", 200),
        ("administrator", 200),
        ("centra_worker", 403),
        ("triage", 403),
        ("police_user", 403),
    ],
)
def test_every_report_page_answers_by_role(
    client, path: str, persona: str, status: int, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(path).status_code == status


def test_a_provider_manager_asking_for_another_provider_gets_404(client, centra_manager) -> None:
    client.force_login(centra_manager)
    assert client.get("/reports/", {"provider": "oasis"}).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, db) -> None:
    assert client.get("/reports/").status_code == 302


def test_only_administrators_may_import(client, commissioner, administrator) -> None:
    client.force_login(commissioner)
    assert client.get("/reports/imports/").status_code == 403
    client.force_login(administrator)
    assert client.get("/reports/imports/").status_code == 200


def test_the_reports_link_shows_for_roles_that_may_see_reports(client, commissioner, centra_worker) -> None:
    client.force_login(commissioner)
    assert 'href="/reports/"' in client.get("/reports/").content.decode()
    client.force_login(centra_worker)
    assert 'href="/reports/"' not in client.get("/cases/").content.decode()
