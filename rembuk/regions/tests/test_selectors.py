import pytest

from rembuk.core import history
from rembuk.core.testing import AgencyFactory, PlanFactory, region, user_with_role
from rembuk.people.models import Role
from rembuk.people.permissions import memberships
from rembuk.regions import selectors
from rembuk.regions.models import Region
from rembuk.regions.tests.helpers import small_kecamatan

pytestmark = pytest.mark.django_db


def _codes(regions):
    return [r.code for r in regions]


@pytest.mark.parametrize("query", ["wainyapu", "WAINYAPU", "Wainya", "ainyap"])
def test_search_finds_a_desa_by_part_of_its_name_in_any_case(query):
    assert "53.18.11.2006" in _codes(selectors.region_search(query))


def test_search_by_a_code_finds_the_region_and_everything_below_it():
    codes = _codes(selectors.region_search("53.18.11"))
    assert codes[0] == "53.18.11"
    assert len(codes) == 1 + 8
    assert all(code.startswith("53.18.11") for code in codes)


def test_search_by_a_partial_last_segment_of_a_code_matches_its_start():
    codes = _codes(selectors.region_search("53.18.11.200"))
    assert "53.18.11.2006" in codes and "53.18.1" not in codes


def test_search_lists_broader_regions_before_desa():
    results = list(selectors.region_search("kodi"))
    levels = [r.level for r in results]
    assert levels.index(Region.Level.DESA) > levels.index(Region.Level.KECAMATAN)
    assert {"Kodi", "Kodi Balaghar", "Kodi Utara", "Kodi Bangedo"} <= {r.name for r in results}


def test_an_empty_search_finds_nothing():
    assert not selectors.region_search("   ").exists()


def test_search_can_be_limited_to_regions_under_some_codes():
    codes = _codes(selectors.region_search("wai", within=["81.05"]))
    assert codes and all(code.startswith("81.05.") for code in codes)


def test_grantable_search_keeps_to_the_administrators_area():
    admin = user_with_role(Role.TIM_PROGRAM, "81.05")
    assert not selectors.grantable_regions_search(admin, "wainyapu").exists()
    kecamatan_user = user_with_role(Role.KECAMATAN, "53.18.11")
    assert not selectors.grantable_regions_search(kecamatan_user, "wainyapu").exists()


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


def test_the_overview_shows_every_kabupaten_when_asked_or_when_none_has_data():
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    groups, showing_all = selectors.kabupaten_overview(user)
    assert showing_all and len(groups) == 2
    PlanFactory(desa=region("81.05.15.2001"))
    groups, showing_all = selectors.kabupaten_overview(user, show_all=True)
    assert showing_all and {g.provinsi.code for g in groups} == {"53", "81"}


def test_breadcrumbs_run_from_the_provinsi_down():
    assert _codes(selectors.breadcrumbs(region("53.18.11.2006"))) == ["53", "53.18", "53.18.11"]
    assert selectors.breadcrumbs(region("53")) == []
