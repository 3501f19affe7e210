"""The capacity gauges of a MARAC and quarter, on the page and in the API: each with its benchmark pro
rata, its inputs and its definition; "not recorded" where an input is missing; rounded for commissioners."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from capacity.models import DistrictPopulation, Post
from referrals.models import Referral
from tests.capacity.conftest import DOVER_Q1


def _gauges(api: Any, user: Any, query: dict[str, str] = DOVER_Q1) -> dict[str, dict[str, Any]]:
    response = api(user).get("/api/v1/capacity/gauges/", query)
    assert response.status_code == 200, response.content[:300]
    return {gauge["slug"]: gauge for gauge in response.json()["gauges"]}


def test_an_administrator_reads_each_gauge_against_its_benchmark(api, administrator, dover_quarter) -> None:
    gauges = _gauges(api, administrator)
    per_10k = gauges["cases-per-10k-women"]
    assert per_10k["value"] == "2.5"  # 12 cases over 4.8 ten-thousands of women
    assert per_10k["benchmark"] == "10.0 in 91 days (40 a year)"
    assert per_10k["of_benchmark"] == "25% of the benchmark"
    assert {"figure": "Women aged 16 and over", "value": "48,000"} in per_10k["inputs"]
    idva = gauges["referrals-per-idva"]
    assert (idva["value"], idva["benchmark"]) == ("6.0", "24.9 in 91 days (about 100 a year)")
    assert {"figure": "IDVA posts (FTE)", "value": "2.00"} in idva["inputs"]
    coordinator = gauges["cases-per-coordinator"]
    assert (coordinator["value"], coordinator["benchmark"]) == ("24.0", "99.7 in 91 days (400 a year)")
    assert gauges["outreach-demand"]["value"] == "+50.0%"  # 6 against 4
    assert all(g["definition"] for g in gauges.values())


def test_commissioners_read_rates_from_rounded_counts(api, commissioner, dover_quarter) -> None:
    gauges = _gauges(api, commissioner)
    assert gauges["cases-per-10k-women"]["value"] == "2.1"  # 10 (12 rounded) over 4.8
    assert gauges["referrals-per-idva"]["value"] == "5.0"
    assert gauges["outreach-demand"]["value"] == "<5"  # last year's 4 would come back from the change


def test_a_missing_input_reads_not_recorded_never_0(api, administrator, dover_quarter) -> None:
    DistrictPopulation.objects.all().delete()
    Post.objects.filter(role="coordinator").delete()
    gauges = _gauges(api, administrator)
    assert gauges["cases-per-10k-women"]["value"] == "not recorded"
    assert {"figure": "Women aged 16 and over", "value": "not recorded"} in gauges["cases-per-10k-women"]["inputs"]
    assert gauges["cases-per-coordinator"]["value"] == "not recorded"
    assert gauges["referrals-per-idva"]["value"] == "6.0"


def test_a_past_quarter_uses_the_posts_in_place_then(api, administrator, dover_quarter) -> None:
    """The IDVA posts grew from 1 to 2 FTE on 16 May 2025: Q1 counts 1 FTE for 45 days and 2 for 46."""
    Post.objects.filter(role="idva").update(valid_from=date(2025, 5, 16))
    Post.objects.create(
        role="idva",
        provider_id=Post.objects.first().provider_id,  # type: ignore[union-attr]
        marac_id=Post.objects.first().marac_id,  # type: ignore[union-attr]
        fte=Decimal(1),
        valid_from=date(2024, 4, 1),
        valid_to=date(2025, 5, 15),
    )
    idva = _gauges(api, administrator)["referrals-per-idva"]
    assert {"figure": "IDVA posts (FTE)", "value": "1.51"} in idva["inputs"]
    assert idva["value"] == "7.9"  # 12 / 1.51
    before = _gauges(api, administrator, {"marac": "dover-marac", "period": "2024-25-q1"})["referrals-per-idva"]
    assert {"figure": "IDVA posts (FTE)", "value": "1.00"} in before["inputs"]


def test_demo_figures_are_marked_on_the_page(client, commissioner, dover_quarter) -> None:
    DistrictPopulation.objects.update(is_demo=True, source="Demo figure")
    client.force_login(commissioner)
    page = client.get("/capacity/gauges/", DOVER_Q1).content.decode()
    assert "Capacity gauges: Dover MARAC, 2025/26 Q1" in page
    assert "48,000 (demo)" in page
    assert 'id="demo-data"' in page
    dataset = client.get("/capacity/marac-dataset/", DOVER_Q1).content.decode()
    assert "48,000 (demo)" in dataset and 'id="demo-data"' in dataset
    assert api_is_demo(client)


def api_is_demo(client: Any) -> bool:
    return bool(client.get("/api/v1/capacity/gauges/", DOVER_Q1).json()["uses_demo_data"])


def test_no_count_of_1_to_4_comes_back_from_a_commissioners_gauges(api, commissioner, dover_quarter) -> None:
    """A rate times its published FTE or population gives back the count it was worked out from: for a
    commissioner that count is always the rounded one (a multiple of 5), and a rate over 1–4 is hidden."""
    Post.objects.filter(role="idva").update(fte=Decimal("0.5"))
    for referral in list(Referral.objects.filter(risk_level="high"))[3:]:
        referral.delete()  # 3 high-risk referrals and 3 cases heard left
    gauges = _gauges(api, commissioner)
    assert gauges["referrals-per-idva"]["value"] == "<5"
    assert gauges["cases-per-10k-women"]["value"] == "<5"
    assert gauges["cases-per-coordinator"]["value"] == "<5"
    assert {"figure": "High-risk referrals for IDVAs", "value": "<5"} in gauges["referrals-per-idva"]["inputs"]


def test_posts_recorded_show_in_the_gauges_at_once_though_counted_figures_are_kept(
    api, client, administrator, dover_quarter
) -> None:
    """The gauges are stored figures (capacity.stored): read again as counted, until posts or populations
    change, which forgets them."""
    before = _gauges(api, administrator)["referrals-per-idva"]
    Post.objects.filter(role="idva").delete()  # not through the service: the stored figures do not know
    assert _gauges(api, administrator)["referrals-per-idva"] == before
    client.force_login(administrator)
    response = client.post(
        "/capacity/posts/",
        {
            "marac": Post.objects.first().marac_id,  # type: ignore[union-attr]
            "role": "idva",
            "provider": Post.objects.first().provider_id,  # type: ignore[union-attr]
            "fte": "4",
            "valid_from": "2025-04-01",
            "valid_to": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    after = _gauges(api, administrator)["referrals-per-idva"]
    assert {"figure": "IDVA posts (FTE)", "value": "4.00"} in after["inputs"]
    assert after["value"] == "3.0"  # 12 referrals over 4 full-time IDVAs
