"""Related rows a page reads once, however many of its parts show them (the referral's page: the timeline,
the open services, the step-down waiting, the closure). Kept in Django's own prefetch cache on the instance,
so `instance.relation.all()` anywhere later reads them without a query, and a part that runs alone reads
them itself."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects


def is_read(instance: Any, relation: str) -> bool:
    return relation in getattr(instance, "_prefetched_objects_cache", {})


def rows_once(instance: Any, relation: str, queryset: QuerySet[Any]) -> list[Any]:
    """The rows of a one-to-many `relation` of `instance` (read by `queryset`, with the related rows its
    readers need), read now unless a part of the same page has read them already."""
    if not is_read(instance, relation):
        prefetch_related_objects([instance], Prefetch(relation, queryset=queryset))
    return list(getattr(instance, relation).all())


def one_once(instance: Any, relation: str) -> Any:
    """The row of a reverse one-to-one `relation` of `instance`, or None, read once per instance."""
    if relation not in instance._state.fields_cache:
        prefetch_related_objects([instance], relation)
    return getattr(instance, relation, None)
