"""The caller themselves, and the agencies (OPD) a follow-up or a request may name."""

import uuid

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from rembuk.api.rules import rule
from rembuk.api.schemas import REGION_CODE, RegionRef, answers, region_ref
from rembuk.core.permissions import signed_in
from rembuk.people import selectors
from rembuk.regions.models import Region
from rembuk.regions.selectors import region_by_code

router = Router(tags=["people"])


class MembershipOut(Schema):
    role: str = Field(
        description="tim_desa, fasilitator_desa, kecamatan, "
        "fasilitator_kabupaten, tim_kabupaten, opd or tim_program."
    )
    role_label: str
    region: RegionRef
    agency_id: uuid.UUID | None = Field(description="For an opd role: the agency.")


class MeOut(Schema):
    username: str
    name: str
    language: str
    memberships: list[MembershipOut] = Field(
        description="The roles this token or session acts with, as they are now."
    )


@router.get("/me", response=answers(MeOut))
@rule(signed_in)
def me(request: HttpRequest) -> MeOut:
    """Who the token or session acts as, with the roles it has now."""
    user = request.user
    return MeOut(
        username=user.get_username(),
        name=str(user),
        language=getattr(user, "language", "id"),
        memberships=[
            MembershipOut(
                role=membership.role,
                role_label=membership.get_role_display(),
                region=region_ref(membership.region),
                agency_id=membership.agency_id,
            )
            for membership in selectors.own_memberships(user)
        ],
    )


class AgencyOut(Schema):
    id: uuid.UUID
    short_name: str
    name: str
    kabupaten: RegionRef


class AgencyQuery(Schema):
    kabupaten: str = Field(
        description="The kabupaten's code, e.g. 53.18.", pattern=REGION_CODE, max_length=20
    )


@router.get("/agencies", response=answers(list[AgencyOut]))
@rule(signed_in)
def agency_list(request: HttpRequest, query: Query[AgencyQuery]) -> list[AgencyOut]:
    """The agencies (OPD) of a kabupaten: the ones a follow-up or a request may go to."""
    kabupaten = region_by_code(query.kabupaten)
    if kabupaten.level != Region.Level.KABUPATEN:
        raise Http404
    return [
        AgencyOut(
            id=agency.pk,
            short_name=agency.short_name,
            name=agency.name,
            kabupaten=region_ref(kabupaten),
        )
        for agency in selectors.agencies_of(kabupaten)
    ]
