import pytest
from django.http import Http404

from rembuk.core import history
from rembuk.core.testing import region, user_with_role
from rembuk.people import selectors
from rembuk.people.models import Membership, Role

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


def test_grantable_search_keeps_to_the_administrators_area():
    admin = user_with_role(Role.TIM_PROGRAM, "81.05")
    assert not selectors.grantable_regions_search(admin, "wainyapu").exists()
    kecamatan_user = user_with_role(Role.KECAMATAN, "53.18.11")
    assert not selectors.grantable_regions_search(kecamatan_user, "wainyapu").exists()
