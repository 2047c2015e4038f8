import pytest
from django.http import Http404

from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MilestoneFactory,
    PlanFactory,
    region,
    user_with_role,
)
from rembuk.people.permissions import memberships
from rembuk.plans import services
from rembuk.plans.selectors import (
    PagePlan,
    kecamatan_for_user,
    musrenbang_activities,
    page_plan_for_user,
    plan_editable_by,
    plan_for_user,
)

pytestmark = pytest.mark.django_db


def activity_in(desa_code, authority, name):
    goal = GoalFactory(plan=PlanFactory(desa=region(desa_code)))
    return ActivityFactory(
        goal=goal, milestone=MilestoneFactory(goal=goal), authority=authority, name=name
    )


def test_musrenbang_activities_are_those_above_the_desa_in_live_plans_of_the_kecamatan(
    django_assert_num_queries,
):
    kabupaten = activity_in("53.18.11.2006", "kabupaten", "Jalan tani")
    activity_in("53.18.11.2006", "desa", "Pelatihan BUMDes")
    provinsi = activity_in("53.18.11.2001", "provinsi", "Embung")
    pusat = activity_in("53.18.11.2002", "pusat", "Sinyal")
    activity_in("53.18.11.2003", "pihak_lain", "CSR")
    activity_in("81.05.15.2001", "kabupaten", "Dermaga")  # another kecamatan
    deleted = activity_in("53.18.11.2004", "kabupaten", "Terhapus")
    services.plan_delete(plan=deleted.goal.plan, actor=None)
    kecamatan = region("53.18.11")
    with django_assert_num_queries(1):
        found = musrenbang_activities(kecamatan)
        names = [(a.goal.plan.desa.code, a.name) for a in found]
    assert names == [
        ("53.18.11.2001", provinsi.name),
        ("53.18.11.2002", pusat.name),
        ("53.18.11.2006", kabupaten.name),
    ]


def test_a_kecamatan_is_found_only_within_the_users_scope():
    assert kecamatan_for_user(user_with_role("kecamatan", "53.18.11"), "53.18.11").name
    with pytest.raises(Http404):
        kecamatan_for_user(user_with_role("tim_desa", "53.18.11.2006"), "53.18.11")
    with pytest.raises(Http404):
        kecamatan_for_user(user_with_role("tim_program", "53"), "53.18")  # not a kecamatan
    with pytest.raises(Http404):
        kecamatan_for_user(user_with_role("tim_program", "53"), "99.99.99")


def test_a_target_that_names_its_year_is_not_followed_by_the_year_again():
    from rembuk.core.testing import GoalFactory, MilestoneFactory

    named = GoalFactory(target="Semua warga bebas hutang (di tahun 2025)", target_year=2025)
    plain = MilestoneFactory(target_value="BUMDes membeli panen", target_year=2025)
    assert (named.shown_target_year, plain.shown_target_year) == (None, 2025)


def test_a_plan_is_found_only_within_the_users_scope_and_role(django_assert_num_queries):
    plan = PlanFactory(desa=region("53.18.11.2006"))
    gone = PlanFactory(desa=region("53.18.11.2001"))
    services.plan_delete(plan=gone, actor=None)
    kabupaten_team = user_with_role("tim_kabupaten", "53.18")
    editor = user_with_role("kecamatan", "53.18.11")
    elsewhere = user_with_role("kecamatan", "81.05.15")
    next_door = user_with_role("tim_desa", "53.18.11.2001")
    memberships(kabupaten_team)
    with django_assert_num_queries(1):  # the plan with its desa, kecamatan and kabupaten
        found = plan_for_user(kabupaten_team, plan.pk)
        assert found.desa.parent.parent.code == "53.18"
    assert plan_editable_by(editor, plan.pk) == plan
    for user, read in [
        (kabupaten_team, plan_editable_by),
        (elsewhere, plan_for_user),
        (next_door, plan_for_user),
    ]:
        with pytest.raises(Http404):
            read(user, plan.pk)
    for plan_id in (gone.pk, "not-an-id", None):
        with pytest.raises(Http404):
            plan_for_user(editor, plan_id)


def test_the_plan_page_reads_the_plan_as_values_equal_to_the_model_and_as_scoped(
    django_assert_num_queries,
):
    earlier = PlanFactory(desa=region("53.18.11.2006"), period_start=2023, period_end=2023)
    plan = PlanFactory(
        desa=region("53.18.11.2006"), notes="catatan", previous_plan=earlier, status="ditetapkan"
    )
    reader = user_with_role("tim_kabupaten", "53.18")
    memberships(reader)
    with django_assert_num_queries(1):
        page = page_plan_for_user(reader, plan.pk)
    assert page == PagePlan.of(plan_for_user(reader, plan.pk))
    assert (page.kabupaten.code, page.period_label, page.previous_plan_id) == (
        "53.18",
        plan.period_label,
        earlier.pk,
    )
    assert page.get_status_display() == plan.get_status_display()
    for user, plan_id in [
        (user_with_role("tim_desa", "53.18.11.2001"), plan.pk),
        (reader, "not-an-id"),
        (reader, None),
    ]:
        with pytest.raises(Http404):
            page_plan_for_user(user, plan_id)
