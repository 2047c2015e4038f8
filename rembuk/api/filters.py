"""The filters every list shares, applied to a queryset a selector already scoped to the
person: they only ever narrow it."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from rembuk.api.schemas import DateRange, ListFilters
from rembuk.core.history import changed_since
from rembuk.core.permissions import region_q


def aware(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC (PostgreSQL refuses offsets beyond ±16 hours, which ISO 8601 allows);
    a time without a zone is read in the installation's zone (Asia/Makassar by default)."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=timezone.get_current_timezone())
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # year 1 or 9999 pushed past the calendar by its offset
        edge = datetime.datetime.min if moment.year < 2 else datetime.datetime.max
        return edge.replace(tzinfo=datetime.UTC)


def narrowed(
    queryset: QuerySet[Any],
    filters: ListFilters,
    *,
    region_path: str,
    date_path: str | None = None,
    changed: str = "root",
) -> QuerySet[Any]:
    """Apply region, date range and updated_since. `changed` says how a record's changes are
    found in the change log: "root" (the record and everything under it: a plan with its
    goals…) or "scope" (anything recorded about its desa: the stages)."""
    if filters.region:
        queryset = queryset.filter(region_q(region_path, [filters.region]))
    if date_path and isinstance(filters, DateRange):
        if filters.date_from:
            queryset = queryset.filter(**{f"{date_path}__gte": filters.date_from})
        if filters.date_to:
            queryset = queryset.filter(**{f"{date_path}__lte": filters.date_to})
    if filters.updated_since:
        since = changed_since(aware(filters.updated_since))
        if changed == "scope":
            queryset = queryset.filter(code__in=since.values("scope_code"))
        else:
            queryset = queryset.filter(pk__in=since.values("root_id"))
    return queryset
