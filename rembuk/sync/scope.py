"""What a node of a region may see and hold: one home for the region rules of sync
(docs/decisions/0011).

- A node receives the changes of records inside its region, plus reference data from above it:
  its kabupaten's regions and the agencies and memberships of its ancestors. `pull_filter` says
  it to the database and `visible_to` says the same for one record, so the hub can refuse a
  change that points at something its node cannot see.
- Reference data (regions, agencies, memberships) flows hub → node only.
- A node holds the credentials of its own people only: those who hold a role inside its region
  and none outside it (`own_people`), never of the people above it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from rembuk.core.permissions import region_covers, region_q
from rembuk.people.models import User
from rembuk.people.selectors import people_wholly_inside
from rembuk.regions.codes import ancestors, kabupaten_of

# Changed on the hub only; a node receives them and never sends them.
REFERENCE_MODELS = frozenset({"regions.region", "people.agency", "people.membership"})
REGION_MODEL = "regions.region"


def pull_filter(region_code: str) -> Q:
    """The change-log rows a node scoped to `region_code` receives."""
    condition = region_q("scope_code", [region_code])
    condition |= Q(model_label__in=REFERENCE_MODELS, scope_code__in=ancestors(region_code))
    condition |= Q(model_label=REGION_MODEL) & region_q("scope_code", [kabupaten_of(region_code)])
    return condition


def visible_to(region_code: str, model_label: str, scope: str) -> bool:
    """Whether a node of `region_code` receives a record of `model_label` placed at `scope`
    (the same rule as pull_filter, for one record)."""
    if region_covers(region_code, scope):
        return True
    if model_label in REFERENCE_MODELS and scope in ancestors(region_code):
        return True
    return model_label == REGION_MODEL and region_covers(kabupaten_of(region_code), scope)


def own_people(region_code: str) -> QuerySet[User]:
    """The people whose credentials a node of `region_code` may hold and whose password and
    name it may change: every role they hold lies inside the region."""
    return people_wholly_inside([region_code])
