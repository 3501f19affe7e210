"""Who may see which MARAC's dataset and gauges: `marac_scope_for` is the one scoping function for their
pages, downloads and API.

- administrators: every MARAC, exact figures;
- commissioners: every MARAC, small numbers protected (reports.suppression), as on the quarterly return;
- MARAC coordinators: the MARACs they are members of (marac.selectors.maracs_visible_to), exact, as on
  the MARAC's own figures page; another MARAC is 404;
- everyone else: 403 (the permission map refuses them first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from marac.models import Marac
from marac.selectors import maracs_visible_to
from referrals.policies import may_see_marac_dataset


@dataclass(frozen=True)
class MaracScope:
    marac: Marac
    suppressed: bool

    @property
    def label(self) -> str:
        return self.marac.name

    @classmethod
    def from_ids(cls, ids: dict[str, Any]) -> MaracScope:
        """The scope reports.stored_figures.params_of wrote, its MARAC read again (one since deleted: DoesNotExist)."""
        return cls(marac=Marac.objects.get(pk=ids["marac"]), suppressed=bool(ids["suppressed"]))


def maracs_for_figures(user: User) -> QuerySet[Marac]:
    if not may_see_marac_dataset(user):
        return Marac.objects.none()
    if user.is_administrator or user.role == Role.COMMISSIONER:
        return Marac.objects.all()
    return maracs_visible_to(user)


def marac_scope_for(user: User, slug: str | None) -> MaracScope:
    """The chosen MARAC (by slug), or with none chosen the first the user may see."""
    if not may_see_marac_dataset(user):
        raise PermissionDenied("The MARAC dataset is for commissioners, MARAC coordinators and administrators")
    maracs = maracs_for_figures(user).order_by("name")
    marac = maracs.filter(slug=slug).first() if slug else maracs.first()
    if marac is None:
        raise Http404("No such MARAC")
    return MaracScope(marac, suppressed=not user.is_administrator and user.role == Role.COMMISSIONER)
