"""The demo's posts and populations are marked demo, and loading them again leaves real figures alone."""

from __future__ import annotations

from capacity.models import DistrictPopulation, Post
from devtools.demo import demo_capacity_create
from marac.models import Marac
from providers.models import District


def test_demo_figures_are_all_marked_demo_and_real_ones_are_kept(ref, time_machine) -> None:
    time_machine.move_to("2025-08-01 09:00+01:00", tick=False)
    dover = District.objects.get(slug="dover")
    DistrictPopulation.objects.create(district=dover, year=2025, women_16_plus=48_000, source="ONS")
    assert demo_capacity_create() > 0
    assert not DistrictPopulation.objects.filter(is_demo=False).exclude(district=dover, year=2025).exists()
    assert DistrictPopulation.objects.get(district=dover, year=2025).women_16_plus == 48_000
    assert Post.objects.filter(is_demo=False).count() == 0
    assert set(Post.objects.values_list("marac", flat=True)) == set(Marac.objects.values_list("pk", flat=True))
    again = Post.objects.count()
    demo_capacity_create()
    assert Post.objects.count() == again
