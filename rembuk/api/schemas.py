"""Schemas every part of the API shares: problems, pages, regions, the common list filters.

Field names are the code's names (English; desa, kecamatan, kabupaten stay Indonesian) and
never change within /api/v1/; stored codes (statuses, kinds) are the values the database
holds, with a `*_label` in the request's language beside the ones people read.
"""

import datetime
import uuid
from typing import Any, overload

from django.db.models import Model
from ninja import Field, Schema
from pydantic import create_model

from rembuk.regions.models import Region

REGION_CODE = r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$"
# A record's version is a 32-bit integer in the database: nothing larger can name one.
MAX_VERSION = 2_147_483_647


class ProblemFieldError(Schema):
    field: str | None = Field(
        description="Where the problem is: a body field ('statement', 'progress.0.status'), "
        "'query.<name>', 'path.<name>', or null for the request as a whole."
    )
    message: str = Field(description="What is wrong, in the request's language.")
    code: str = Field(description="A stable code for the kind of problem.")


class Problem(Schema):
    """An RFC 9457 problem detail (served as application/problem+json)."""

    type: str = Field(description="A stable URN naming the kind of problem.")
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemFieldError] | None = None
    current: dict[str, Any] | None = Field(
        None, description="edit-conflict: the current values of the fields that clashed."
    )
    current_version: int | None = Field(
        None, description="edit-conflict: the version to start from again."
    )


class RegionRef(Schema):
    code: str = Field(description="Kemendagri code, e.g. 53.18.11.2006.")
    name: str
    level: str = Field(description="provinsi, kabupaten, kecamatan or desa.")


@overload
def region_ref(region: Region) -> RegionRef: ...
@overload
def region_ref(region: Region | None) -> RegionRef | None: ...
def region_ref(region: Region | None) -> RegionRef | None:
    if region is None:
        return None
    return RegionRef(code=region.code, name=region.name, level=region.level)


class Record(Schema):
    """What every replicated record carries."""

    id: uuid.UUID
    version: int = Field(description="Send it back (If-Match or `version`) when you write.")
    updated_at: datetime.datetime | None = Field(
        description="When the record itself last changed (on the node where it was changed)."
    )


def record_fields(obj: Model) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "version": obj.version,  # type: ignore[attr-defined]
        "updated_at": obj.changed_at,  # type: ignore[attr-defined]
    }


class ListFilters(Schema):
    """Filters every list takes; each list adds its own (status, date meaning…)."""

    region: str | None = Field(
        None,
        description="A Kemendagri code: only records of that region and below (e.g. 53.18).",
        pattern=REGION_CODE,
        max_length=20,
    )
    updated_since: datetime.datetime | None = Field(
        None,
        description="Only records with a change recorded at or after this time (ISO 8601 with "
        "its time zone). For incremental pulls: send the time of your previous pull. A change "
        "made on a kecamatan laptop carries the time it was made there and reaches a hub when "
        "the laptop syncs: pull with a margin of the laptops' sync delay.",
    )
    cursor: str | None = Field(
        None, description="The `next_cursor` of the previous page.", max_length=500
    )
    limit: int = Field(50, ge=1, le=200, description="Rows per page (at most 200).")


class DateRange(Schema):
    date_from: datetime.date | None = Field(None, description="On or after this date.")
    date_to: datetime.date | None = Field(None, description="On or before this date.")


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """A page of `item`s with the cursor of the next page."""
    return create_model(  # type: ignore[call-overload,no-any-return]
        name,
        __base__=Schema,
        items=(list[item], ...),  # type: ignore[valid-type]
        next_cursor=(
            str | None,
            Field(None, description="Pass it as `cursor` for the next page; null on the last."),
        ),
        next=(str | None, Field(None, description="The URL of the next page; null on the last.")),
    )


# The problems any operation may answer with (each is a Problem, application/problem+json).
READ_PROBLEMS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
# A body that is not JSON at all (400) can only come with a write.
WRITE_PROBLEMS = {400: Problem, **READ_PROBLEMS, 409: Problem, 428: Problem}


def answers(ok: Any, *, status: int = 200, write: bool = False) -> dict[int, Any]:
    return {status: ok, **(WRITE_PROBLEMS if write else READ_PROBLEMS)}
