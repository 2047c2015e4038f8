import pytest
from django.http import Http404

from rembuk.core import history
from rembuk.core.testing import PlanFactory, region, user_with_role
from rembuk.people import selectors
from rembuk.people.models import Membership, Role
from rembuk.people.permissions import memberships
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions.tests.helpers import small_kecamatan

pytestmark = pytest.mark.django_db


def _desa_codes(mine):
    return [row.desa.code for row in mine.villages]


# --- people administration ------------------------------------------------------------------


def test_an_administrator_sees_only_people_with_a_role_in_their_area():
    admin = user_with_role(Role.TIM_PROGRAM, "53.18")
    inside = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    outside = user_with_role(Role.TIM_DESA, "81.05.15.2001")
    people = set(selectors.users_managed_by(admin))
    assert inside in people and admin in people and outside not in people


def test_roles_outside_the_administrators_area_are_not_shown():
    admin = user_with_role(Role.TIM_PROGRAM, "53.18")
    both = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    history.create(
        Membership, actor=None, user=both, role=Role.KECAMATAN, region=region("81.05.15")
    )
    person = selectors.user_for_manager(admin, both.pk)
    assert [m.region.code for m in person.visible_memberships] == ["53.18.11.2006"]


def test_a_person_outside_the_area_is_a_404():
    admin = user_with_role(Role.TIM_PROGRAM, "53.18")
    outside = user_with_role(Role.TIM_DESA, "81.05.15.2001")
    with pytest.raises(Http404):
        selectors.user_for_manager(admin, outside.pk)
    with pytest.raises(Http404):
        selectors.membership_for_manager(admin, Membership.objects.get(user=outside).pk)


def test_people_are_found_by_part_of_their_name_username_or_phone():
    # A fixed name: a generated one ("Kamaria") could match the query too.
    admin = user_with_role(Role.TIM_PROGRAM, "53", first_name="Budi", last_name="Santoso")
    maria = user_with_role(Role.TIM_DESA, "53.18.11.2006", first_name="Maria", phone="08123")
    assert list(selectors.users_managed_by(admin, query="mari")) == [maria]
    assert list(selectors.users_managed_by(admin, query="0812")) == [maria]


def test_the_agencies_offered_are_those_of_the_administrators_kabupaten():
    from rembuk.people.services import agencies_seed

    agencies_seed(kabupaten=region("53.18"), actor=None)
    agencies_seed(kabupaten=region("81.05"), actor=None)
    admin = user_with_role(Role.TIM_PROGRAM, "53")
    assert {a.kabupaten.code for a in selectors.agencies_for_manager(admin)} == {"53.18"}


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
    from rembuk.core.testing import UserFactory

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
