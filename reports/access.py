"""Who may see which figures: `report_scope_for` is the one scoping function for every report page,
chart, export and the import page's return link.

- administrators: everything, exact figures;
- commissioners (the county council and its partners): any area, district or provider, with small
  numbers suppressed, since what they see is shared outside the provider;
- provider managers: their own organisation only (narrowed by area or district if they like), exact;
- everyone else: 403. Asking for another provider's figures as a provider manager, or for an area,
  district or provider that does not exist: 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import Role, User
from providers.models import Area, District, Organisation
from referrals.policies import may_see_reports

M = TypeVar("M", Area, District, Organisation)


@dataclass(frozen=True)
class ReportScope:
    area: Area | None = None
    district: District | None = None
    provider: Organisation | None = None
    suppressed: bool = True

    @property
    def label(self) -> str:
        parts = [str(x) for x in (self.provider, self.district or self.area) if x is not None]
        return ", ".join(parts) or "Whole county"

    @property
    def is_county(self) -> bool:
        return self.area is None and self.district is None and self.provider is None

    def referrals(self, prefix: str = "") -> Q:
        """The referrals in scope, as a filter on a model `prefix` leads to the referral from."""
        q = Q()
        if self.district is not None:
            q &= Q(**{f"{prefix}district": self.district})
        elif self.area is not None:
            q &= Q(**{f"{prefix}district__area": self.area})
        if self.provider is not None:
            q &= Q(**{f"{prefix}provider": self.provider})
        return q

    @classmethod
    def from_ids(cls, ids: dict[str, Any]) -> ReportScope:
        """The scope reports.stored_figures.params_of wrote, its places read again (a place since deleted: DoesNotExist)."""
        return cls(
            area=Area.objects.get(pk=ids["area"]) if ids["area"] is not None else None,
            district=District.objects.get(pk=ids["district"]) if ids["district"] is not None else None,
            provider=Organisation.objects.get(pk=ids["provider"]) if ids["provider"] is not None else None,
            suppressed=bool(ids["suppressed"]),
        )


def _get(model: type[M], slug: str | None) -> M | None:
    if not slug:
        return None
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise Http404(f"No such {model._meta.verbose_name}") from None


def report_scope_for(
    user: User, *, area: str | None = None, district: str | None = None, provider: str | None = None
) -> ReportScope:
    if not may_see_reports(user):
        raise PermissionDenied("Reports are for commissioners, provider managers and administrators")
    chosen_area = _get(Area, area)
    chosen_district = _get(District, district)
    chosen_provider = _get(Organisation, provider)
    if chosen_provider is not None and not chosen_provider.provides_support:
        raise Http404("No such provider")
    if user.is_administrator:
        return ReportScope(chosen_area, chosen_district, chosen_provider, suppressed=False)
    if user.role == Role.COMMISSIONER:
        return ReportScope(chosen_area, chosen_district, chosen_provider, suppressed=True)
    # A provider manager: their own organisation's figures, exact.
    if chosen_provider is not None and chosen_provider.pk != user.organisation_id:
        raise Http404("No such provider")
    return ReportScope(chosen_area, chosen_district, user.organisation, suppressed=False)
