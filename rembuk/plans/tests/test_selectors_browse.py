"""The region tree with the plans counted below each region, and "my villages"."""

import pytest

from rembuk.core import history
from rembuk.core.testing import AgencyFactory, PlanFactory, UserFactory, region, user_with_role
from rembuk.people.models import Role
from rembuk.people.permissions import memberships
from rembuk.plans import selectors
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions.models import Region
from rembuk.regions.tests.helpers import small_kecamatan

pytestmark = pytest.mark.django_db


def _codes(regions):
    return [r.code for r in regions]


def _desa_codes(mine):
    return [row.desa.code for row in mine.villages]


# --- the region tree ------------------------------------------------------------------------


def test_kecamatan_children_are_counted_in_one_query(django_assert_num_queries):
    user = user_with_role(Role.TIM_PROGRAM, "53")
    memberships(user)  # read once per request, as the middleware's rule check does
    kabupaten = region("53.18")
    with django_assert_num_queries(1):
        kecamatan = selectors.children_with_counts(kabupaten, user)
    by_code = {k.code: k for k in kecamatan}
    assert by_code["53.18.11"].child_count == 8


def test_plan_counts_include_only_plans_the_person_may_see():
    PlanFactory(desa=region("53.18.11.2006"))
    PlanFactory(desa=region("53.18.11.2001"))
    village = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    kecamatan_user = user_with_role(Role.KECAMATAN, "53.18.11")
    outsider = user_with_role(Role.KECAMATAN, "81.05.15")

    def counts(user):
        return {
            d.code: d.plan_count for d in selectors.children_with_counts(region("53.18.11"), user)
        }

    assert counts(village)["53.18.11.2006"] == 1 and counts(village)["53.18.11.2001"] == 0
    assert counts(kecamatan_user)["53.18.11.2001"] == 1
    assert sum(counts(outsider).values()) == 0
    kecamatan_rows = {k.code: k for k in selectors.children_with_counts(region("53.18"), village)}
    assert kecamatan_rows["53.18.11"].plan_count == 1


def test_deleted_plans_and_deleted_regions_are_not_counted():
    plan = PlanFactory(desa=region("53.18.11.2006"))
    history.soft_delete(plan, actor=None)
    small = small_kecamatan(desa=2)
    history.soft_delete(Region.objects.get(code="53.18.99.2001"), actor=None)
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    rows = {d.code: d for d in selectors.children_with_counts(region("53.18.11"), user)}
    assert rows["53.18.11.2006"].plan_count == 0
    kecamatan = {k.code: k for k in selectors.children_with_counts(region("53.18"), user)}
    assert kecamatan[small.code].child_count == 1


def test_the_overview_lists_kabupaten_with_data_grouped_by_provinsi():
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    AgencyFactory(kabupaten=region("53.18"))
    groups, showing_all = selectors.kabupaten_overview(user)
    assert not showing_all
    assert [(g.provinsi.code, _codes(g.kabupaten)) for g in groups] == [("53", ["53.18"])]
    kabupaten = groups[0].kabupaten[0]
    assert kabupaten.child_count == Region.objects.filter(parent=kabupaten).count()
    assert kabupaten.grandchild_count == Region.objects.filter(parent__parent=kabupaten).count()


def test_a_kabupaten_with_a_live_plan_and_no_agency_is_listed_too():
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    AgencyFactory(kabupaten=region("53.18"))
    plan = PlanFactory(desa=region("81.05.15.2001"))
    groups, _showing_all = selectors.kabupaten_overview(user)
    assert [(g.provinsi.code, _codes(g.kabupaten)) for g in groups] == [
        ("53", ["53.18"]),
        ("81", ["81.05"]),
    ]
    history.soft_delete(plan, actor=None)
    groups, _showing_all = selectors.kabupaten_overview(user)
    assert [(g.provinsi.code, _codes(g.kabupaten)) for g in groups] == [("53", ["53.18"])]


def test_the_overview_shows_every_kabupaten_when_asked_or_when_none_has_data():
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    groups, showing_all = selectors.kabupaten_overview(user)
    assert showing_all and len(groups) == 2
    PlanFactory(desa=region("81.05.15.2001"))
    groups, showing_all = selectors.kabupaten_overview(user, show_all=True)
    assert showing_all and {g.provinsi.code for g in groups} == {"53", "81"}


# --- my villages ----------------------------------------------------------------------------


def test_a_village_team_sees_its_own_desa():
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    mine = selectors.my_villages(user)
    assert _desa_codes(mine) == ["53.18.11.2006"]
    assert not mine.kecamatan and not mine.kabupaten


def test_a_kecamatan_sees_every_desa_of_its_kecamatan_only():
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    codes = _desa_codes(selectors.my_villages(user))
    assert len(codes) == 8 and all(code.startswith("53.18.11.") for code in codes)


def test_each_desa_shows_its_latest_plan():
    PlanFactory(desa=region("53.18.11.2006"), period_start=2022, period_end=2023)
    latest = PlanFactory(
        desa=region("53.18.11.2006"),
        period_start=2024,
        period_end=2025,
    )
    latest = history.update(latest, actor=None, status=LivelihoodPlan.Status.ADOPTED)
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    rows = {row.desa.code: row for row in selectors.my_villages(user).villages}
    wainyapu = rows["53.18.11.2006"]
    assert wainyapu.plan_id == latest.pk
    assert wainyapu.period_label == "2024–2025"
    assert wainyapu.plan_status == "ditetapkan"
    assert rows["53.18.11.2001"].plan_id is None and rows["53.18.11.2001"].period_label == ""


def test_a_deleted_plan_is_not_the_latest():
    older = PlanFactory(desa=region("53.18.11.2006"), period_start=2022, period_end=2023)
    newer = PlanFactory(desa=region("53.18.11.2006"), period_start=2024, period_end=2025)
    history.soft_delete(newer, actor=None)
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    assert selectors.my_villages(user).villages[0].plan_id == older.pk


def test_a_kabupaten_role_sees_its_kecamatan_with_counts():
    user = user_with_role(Role.TIM_KABUPATEN, "53.18")
    PlanFactory(desa=region("53.18.11.2006"))
    mine = selectors.my_villages(user)
    assert not mine.villages
    rows = {k.code: k for k in mine.kecamatan}
    assert all(code.startswith("53.18.") for code in rows)
    assert rows["53.18.11"].child_count == 8 and rows["53.18.11"].plan_count == 1


def test_a_provinsi_role_sees_its_kabupaten():
    user = user_with_role(Role.TIM_PROGRAM, "81")
    mine = selectors.my_villages(user)
    assert [k.code for k in mine.kabupaten] == ["81.05"]


def test_someone_without_a_role_has_no_villages():

    assert selectors.my_villages(UserFactory()).is_empty


@pytest.mark.parametrize("kecamatan_code", ["53.18.99", "81.05.15"])
def test_my_villages_costs_the_same_queries_for_2_desa_as_for_11(
    kecamatan_code, django_assert_num_queries
):
    if kecamatan_code == "53.18.99":
        small_kecamatan(kecamatan_code, desa=2)
    user = user_with_role(Role.KECAMATAN, kecamatan_code)
    for row_code in ("53.18.99.2001", "81.05.15.2001"):
        if row_code.startswith(kecamatan_code):
            PlanFactory(desa=region(row_code))
    memberships(user)
    with django_assert_num_queries(1):
        mine = selectors.my_villages(user)
    assert len(mine.villages) == (2 if kecamatan_code == "53.18.99" else 11)
