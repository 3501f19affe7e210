"""Writes: the reference data the gauges are built on. A figure entered by a person is a real one:
it is never marked demo (only devtools' demo data marks its own)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from capacity.models import DistrictPopulation, Post
from capacity.stored import marac_figures_forget
from kidas.errors import NotPermitted, TransitionConflict
from marac.models import Marac
from providers.models import District, Organisation
from referrals.policies import may_edit_capacity


def _check(user: User) -> None:
    if not may_edit_capacity(user):
        raise NotPermitted("Posts and populations are kept by commissioners and administrators")


@transaction.atomic
def district_population_record(
    *, user: User, district: District, year: int, women_16_plus: int, source: str
) -> DistrictPopulation:
    """Records (or corrects) a district's estimate for a year."""
    _check(user)
    population, _ = DistrictPopulation.objects.update_or_create(
        district=district,
        year=year,
        defaults={"women_16_plus": women_16_plus, "source": source, "is_demo": False, "recorded_by": user},
    )
    marac_figures_forget()
    return population


@transaction.atomic
def post_record(
    *,
    user: User,
    marac: Marac,
    role: str,
    provider: Organisation,
    fte: Decimal,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
) -> Post:
    _check(user)
    marac_figures_forget()
    return Post.objects.create(
        marac=marac,
        role=role,
        provider=provider,
        fte=fte,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
        is_demo=False,
        recorded_by=user,
    )


@transaction.atomic
def post_end(*, user: User, post_id: int, valid_to: date) -> Post:
    """The posts' last day in place: the periods after it no longer count them."""
    _check(user)
    post = Post.objects.select_for_update().get(pk=post_id)
    if post.valid_to is not None:
        raise TransitionConflict("These posts have already ended")
    if valid_to < post.valid_from:
        raise ValidationError({"valid_to": "The last day must be on or after the first day"})
    post.valid_to = valid_to
    post.recorded_by = user
    post.save(update_fields=["valid_to", "recorded_by", "recorded_at"])
    marac_figures_forget()
    return post
