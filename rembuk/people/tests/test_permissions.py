"""Permission matrix for the people and region pages: role × region × action."""

import pytest
from django.urls import reverse

from rembuk.core.testing import MembershipFactory, UserFactory, region, user_with_role
from rembuk.people.models import Membership, Role
from rembuk.people.permissions import (
    forget_memberships,
    has_any_role,
    memberships,
    scope_codes,
)

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"
WARU = "81.05.15.2001"

# Who may open the people pages at all: only the programme team (403 for everyone else).
PEOPLE_PAGE_ACCESS = [
    (Role.TIM_DESA, WAINYAPU, 403),
    (Role.FASILITATOR_DESA, WAINYAPU, 403),
    (Role.KECAMATAN, "53.18.11", 403),
    (Role.FASILITATOR_KABUPATEN, "53.18", 403),
    (Role.TIM_KABUPATEN, "53.18", 403),
    (Role.OPD, "53.18", 403),
    (Role.TIM_PROGRAM, "53.18", 200),
    (Role.TIM_PROGRAM, "53", 200),
]


@pytest.mark.parametrize("role,code,status", PEOPLE_PAGE_ACCESS)
@pytest.mark.parametrize("url_name", ["people:user_list", "people:user_invite"])
def test_who_may_open_the_people_pages(client, role, code, status, url_name):
    client.force_login(user_with_role(role, code))
    assert client.get(reverse(url_name)).status_code == status


@pytest.mark.parametrize("role,code", [(r, c) for r, c, _ in PEOPLE_PAGE_ACCESS])
@pytest.mark.parametrize(
    "url_name", ["people:my_villages", "regions:region_list", "people:password_change"]
)
def test_every_role_may_open_its_own_pages_and_the_regions(client, role, code, url_name):
    client.force_login(user_with_role(role, code))
    assert client.get(reverse(url_name)).status_code == 200


def test_someone_signed_in_without_any_role_sees_regions_but_not_people(client):
    client.force_login(UserFactory())
    assert client.get(reverse("regions:region_list")).status_code == 200
    assert client.get(reverse("people:user_list")).status_code == 403


@pytest.mark.parametrize(
    "role,code,expected_desa",
    [
        (Role.TIM_DESA, WAINYAPU, {WAINYAPU}),
        (Role.FASILITATOR_DESA, WARU, {WARU}),
        (Role.KECAMATAN, "53.18.11", 8),
        (Role.KECAMATAN, "81.05.15", 11),
    ],
)
def test_my_villages_shows_only_the_desa_in_scope(client, role, code, expected_desa):
    client.force_login(user_with_role(role, code))
    villages = client.get(reverse("people:my_villages")).context["mine"].villages
    codes = {row.desa.code for row in villages}
    if isinstance(expected_desa, set):
        assert codes == expected_desa
    else:
        assert len(codes) == expected_desa
        assert all(c.startswith(code + ".") for c in codes)


@pytest.mark.parametrize(
    "admin_code,region_code,allowed",
    [
        ("53", WAINYAPU, True),
        ("53", WARU, False),
        ("53.18", WAINYAPU, True),
        ("53.18", "53.18.11", True),
        ("81.05", WAINYAPU, False),
        ("81.05", WARU, True),
    ],
)
def test_the_programme_team_invites_only_within_its_area(client, admin_code, region_code, allowed):
    client.force_login(user_with_role(Role.TIM_PROGRAM, admin_code))
    role = Role.KECAMATAN if region_code.count(".") == 2 else Role.TIM_DESA
    response = client.post(
        reverse("people:user_invite"),
        {
            "full_name": "Orang Baru",
            "username": "orang.baru",
            "role": role,
            "region_code": region_code,
        },
    )
    created = Membership.objects.filter(user__username="orang.baru").exists()
    assert created is allowed
    assert response.status_code == (302 if allowed else 200)


@pytest.mark.parametrize(
    "url_name,method",
    [
        ("people:user_detail", "get"),
        ("people:user_invite_done", "get"),
        ("people:membership_grant", "post"),
        ("people:user_password_reset", "post"),
    ],
)
def test_a_person_page_outside_the_area_is_a_404(client, url_name, method):
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    outsider = user_with_role(Role.TIM_DESA, WARU)
    url = reverse(url_name, args=[outsider.pk])
    data = {"role": Role.TIM_DESA, "region_code": WAINYAPU} if method == "post" else None
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert not outsider.must_change_password  # no password reset happened


def test_revoking_a_role_outside_the_area_is_a_404(client):
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    outsider = user_with_role(Role.TIM_DESA, WARU)
    membership = Membership.objects.get(user=outsider)
    response = client.post(reverse("people:membership_revoke", args=[membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_user_list_shows_only_people_with_a_role_in_the_area(client):
    admin = user_with_role(Role.TIM_PROGRAM, "53.18")
    inside = user_with_role(Role.KECAMATAN, "53.18.11")
    outside = user_with_role(Role.KECAMATAN, "81.05.15")
    client.force_login(admin)
    people = set(client.get(reverse("people:user_list")).context["page"].object_list)
    assert inside in people and outside not in people


# --- has_any_role keeps the roles held beside the memberships of the request ----------------


@pytest.mark.django_db
def test_has_any_role_answers_as_the_scope_codes_do():
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    role_sets = [{Role.KECAMATAN}, {Role.TIM_PROGRAM}, {Role.TIM_DESA, Role.KECAMATAN}, set()]
    for roles in role_sets:
        assert has_any_role(user, roles) == bool(scope_codes(user, roles))
    assert not has_any_role(user, {Role.TIM_PROGRAM})
    # A role granted meanwhile counts once the memberships are read again, as the rule says.
    MembershipFactory(user=user, role=Role.TIM_PROGRAM, region=region("53.18"))
    forget_memberships(user)
    assert has_any_role(user, {Role.TIM_PROGRAM})
    user.is_active = False  # a deactivated person holds nothing, whatever was read before
    assert not has_any_role(user, {Role.KECAMATAN})
    superuser = UserFactory(is_superuser=True)
    assert has_any_role(superuser, {Role.TIM_PROGRAM})
    superuser.is_active = False
    assert not has_any_role(superuser, {Role.TIM_PROGRAM})


@pytest.mark.django_db
def test_memberships_come_in_the_models_order():
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    for role, code in [
        (Role.KECAMATAN, "53.18.11"),
        (Role.FASILITATOR_DESA, "53.18.11.2006"),
        (Role.TIM_KABUPATEN, "53.18"),
    ]:
        MembershipFactory(user=user, role=role, region=region(code))
    forget_memberships(user)
    expected = [m.pk for m in Membership.objects.filter(user=user)]  # Meta.ordering
    assert [m.pk for m in memberships(user)] == expected
    assert memberships(user)[0].region.code == "53.18"


@pytest.mark.django_db
def test_memberships_are_read_as_select_related_reads_them(django_assert_num_queries):
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    MembershipFactory(user=user, role=Role.TIM_KABUPATEN, region=region("53.18"))
    forget_memberships(user)
    expected = list(Membership.objects.filter(user=user).select_related("region"))
    with django_assert_num_queries(1):  # the regions come with them
        held = memberships(user)
        regions = [m.region for m in held]
    assert [m.pk for m in held] == [m.pk for m in expected]
    for got, want, got_region in zip(held, expected, regions, strict=True):
        for field in Membership._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname)
        for field in want.region._meta.concrete_fields:
            assert getattr(got_region, field.attname) == getattr(want.region, field.attname)
        assert not got._state.adding  # saved records, as the ORM makes them


def test_a_revoked_role_or_a_deactivated_person_is_refused_on_the_next_request(client):
    from rembuk.people.services import membership_revoke

    admin = user_with_role(Role.TIM_PROGRAM, "53")
    person = user_with_role(Role.TIM_PROGRAM, "53.18")
    client.force_login(person)
    assert client.get(reverse("people:user_list")).status_code == 200
    membership_revoke(membership=Membership.objects.get(user=person), actor=admin)
    assert client.get(reverse("people:user_list")).status_code == 403
    MembershipFactory(user=person, role=Role.TIM_PROGRAM, region=region("53.18"))
    assert client.get(reverse("people:user_list")).status_code == 200  # granted: next request
    person.is_active = False
    person.save(update_fields=["is_active"])
    response = client.get(reverse("people:user_list"))
    assert response.status_code == 302 and reverse("people:login") in response["Location"]
