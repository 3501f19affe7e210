"""Commissioners and administrators keep the posts and populations the gauges are built on; a figure
they enter is a real one, never marked demo; nobody else may open the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from capacity.models import DistrictPopulation, Post
from marac.models import Marac
from providers.models import District, Organisation


def test_a_commissioner_records_a_districts_population(client, commissioner) -> None:
    dover = District.objects.get(slug="dover")
    DistrictPopulation.objects.create(district=dover, year=2025, women_16_plus=1, source="Demo", is_demo=True)
    client.force_login(commissioner)
    assert client.get("/capacity/populations/").status_code == 200
    response = client.post(
        "/capacity/populations/",
        {"district": dover.pk, "year": 2025, "women_16_plus": 48_000, "source": "ONS mid-2025 estimates"},
    )
    assert response.status_code == 302
    population = DistrictPopulation.objects.get(district=dover, year=2025)
    assert (population.women_16_plus, population.is_demo, population.recorded_by) == (48_000, False, commissioner)


def test_a_population_must_be_a_positive_number_with_its_source(client, commissioner) -> None:
    client.force_login(commissioner)
    response = client.post("/capacity/populations/", {"district": "", "year": 2025, "women_16_plus": 0})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and "Enter source" in text
    assert not DistrictPopulation.objects.exists()


def test_an_administrator_records_posts_with_their_dates(client, administrator) -> None:
    client.force_login(administrator)
    response = client.post(
        "/capacity/posts/",
        {
            "marac": Marac.objects.get(slug="dover-marac").pk,
            "role": "idva",
            "provider": Organisation.objects.get(slug="oasis").pk,
            "fte": "2.5",
            "valid_from": "2025-04-01",
            "valid_to": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.fte, post.valid_from, post.valid_to, post.is_demo) == (Decimal("2.50"), date(2025, 4, 1), None, False)
    assert "Oasis Domestic Abuse Services" in client.get("/capacity/posts/").content.decode()


def test_a_post_cannot_end_before_it_starts(client, administrator) -> None:
    client.force_login(administrator)
    response = client.post(
        "/capacity/posts/",
        {
            "marac": Marac.objects.get(slug="dover-marac").pk,
            "role": "idva",
            "provider": Organisation.objects.get(slug="oasis").pk,
            "fte": "1",
            "valid_from": "2025-04-01",
            "valid_to": "2025-03-01",
        },
    )
    assert response.status_code == 400
    assert "The last day must be on or after the first day" in response.content.decode()
    assert not Post.objects.exists()


def test_coordinators_and_provider_staff_may_not_keep_them(client, swale_coordinator, centra_manager) -> None:
    for user in (swale_coordinator, centra_manager):
        client.force_login(user)
        assert client.get("/capacity/populations/").status_code == 403
        assert client.get("/capacity/posts/").status_code == 403
        assert client.post("/capacity/populations/", {"year": 2025}).status_code == 403


def _open_post() -> Post:
    return Post.objects.create(
        marac=Marac.objects.get(slug="dover-marac"),
        role="idva",
        provider=Organisation.objects.get(slug="oasis"),
        fte=Decimal(2),
        valid_from=date(2024, 4, 1),
    )


def test_a_commissioner_ends_posts_on_their_last_day(client, commissioner) -> None:
    post = _open_post()
    client.force_login(commissioner)
    assert "End posts" in client.get("/capacity/posts/").content.decode()
    response = client.post("/capacity/posts/end/", {"post": post.pk, "valid_to": "2025-05-15"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.valid_to, post.recorded_by) == (date(2025, 5, 15), commissioner)
    again = client.post("/capacity/posts/end/", {"post": post.pk, "valid_to": "2025-06-15"})
    assert again.status_code == 400  # no longer among the posts in place
    post.refresh_from_db()
    assert post.valid_to == date(2025, 5, 15)


def test_posts_cannot_end_before_they_started(client, commissioner) -> None:
    post = _open_post()
    client.force_login(commissioner)
    response = client.post("/capacity/posts/end/", {"post": post.pk, "valid_to": "2024-01-01"})
    assert response.status_code == 400
    assert "The last day must be on or after 1 April 2024, when they started" in response.content.decode()
    post.refresh_from_db()
    assert post.valid_to is None
