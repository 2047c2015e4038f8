import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from rembuk.core import history
from rembuk.core.models import ChangeLog
from rembuk.core.testing import AgencyFactory, UserFactory, region, user_with_role
from rembuk.people import services
from rembuk.people.models import Agency, Membership, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_53():
    """A programme-team member over the whole provinsi NTT (53)."""
    return user_with_role(Role.TIM_PROGRAM, "53")


def _invite(actor, **overrides):
    fields = {
        "full_name": "Maria Lende",
        "username": "maria.lende",
        "phone": "0812 3456 7890",
        "role": Role.TIM_DESA,
        "region_code": "53.18.11.2006",
        "actor": actor,
    }
    fields.update(overrides)
    return services.user_invite(**fields)


def _refusal_code(call):
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.error_list[0].code


# --- invitations ----------------------------------------------------------------------------


def test_an_invitation_creates_a_person_with_one_role_and_a_temporary_password(admin_53):
    invitation = _invite(admin_53)
    person = User.objects.get(username="maria.lende")
    assert person.get_full_name() == "Maria Lende"
    assert person.phone == "0812 3456 7890"
    assert person.must_change_password
    assert person.check_password(invitation.temporary_password)
    membership = Membership.objects.get(user=person)
    assert (membership.role, membership.region.code) == (Role.TIM_DESA, "53.18.11.2006")
    log = ChangeLog.objects.get(object_id=membership.pk)
    assert log.action == "create" and log.actor == admin_53


def test_temporary_passwords_are_easy_to_dictate_and_differ():
    first, second = services.temporary_password_generate(), services.temporary_password_generate()
    assert first != second
    assert len(first) == 14 and first.count("-") == 2
    assert not set(first) & set("01ilo")


def test_inviting_over_a_region_outside_ones_scope_is_refused_and_creates_nobody(admin_53):
    code = _refusal_code(lambda: _invite(admin_53, region_code="81.05.15.2001"))
    assert code == "outside_scope"
    assert not User.objects.filter(username="maria.lende").exists()


def test_inviting_with_an_unknown_region_code_is_refused(admin_53):
    assert _refusal_code(lambda: _invite(admin_53, region_code="wainyapu")) == "unknown_region"


def test_a_village_role_over_a_kabupaten_is_refused(admin_53):
    assert _refusal_code(lambda: _invite(admin_53, region_code="53.18")) == "wrong_level"


def test_a_kecamatan_role_over_a_desa_is_refused(admin_53):
    call = lambda: _invite(admin_53, role=Role.KECAMATAN, region_code="53.18.11.2006")  # noqa: E731
    assert _refusal_code(call) == "wrong_level"


def test_an_opd_role_without_an_agency_is_refused(admin_53):
    call = lambda: _invite(admin_53, role=Role.OPD, region_code="53.18")  # noqa: E731
    assert _refusal_code(call) == "agency_missing"


def test_an_opd_role_with_an_agency_of_another_kabupaten_is_refused(admin_53):
    other = AgencyFactory(kabupaten=region("81.05"), short_name="DPMD")
    call = lambda: _invite(admin_53, role=Role.OPD, region_code="53.18", agency=other)  # noqa: E731
    assert _refusal_code(call) == "agency_elsewhere"


def test_an_opd_role_with_the_kabupatens_own_agency_is_granted(admin_53):
    dpmd = AgencyFactory(kabupaten=region("53.18"), short_name="DPMD")
    invitation = _invite(admin_53, role=Role.OPD, region_code="53.18", agency=dpmd)
    assert invitation.membership.agency == dpmd


def test_an_agency_on_a_role_other_than_opd_is_refused(admin_53):
    dpmd = AgencyFactory(kabupaten=region("53.18"), short_name="DPMD")
    assert _refusal_code(lambda: _invite(admin_53, agency=dpmd)) == "agency_not_allowed"


def test_an_unknown_role_is_refused(admin_53):
    assert _refusal_code(lambda: _invite(admin_53, role="kepala_desa")) == "unknown_role"


def test_a_taken_username_is_refused_whatever_its_case(admin_53):
    UserFactory(username="maria.lende")
    assert _refusal_code(lambda: _invite(admin_53, username="Maria.Lende")) == "username_taken"


def test_a_username_with_spaces_is_refused(admin_53):
    assert _refusal_code(lambda: _invite(admin_53, username="maria lende")) == "bad_username"


def test_an_invitation_without_a_name_is_refused(admin_53):
    assert _refusal_code(lambda: _invite(admin_53, full_name="  ")) == "name_missing"


def test_refusal_messages_name_the_problem_and_the_way_out(admin_53):
    with pytest.raises(ValidationError) as refused:
        _invite(admin_53, region_code="81.05.15.2001")
    message = refused.value.messages[0]
    assert "81.05.15.2001" in message and "53" in message


def test_a_kabupaten_programme_member_cannot_invite_in_the_other_kabupaten():
    admin = user_with_role(Role.TIM_PROGRAM, "81.05")
    assert _refusal_code(lambda: _invite(admin)) == "outside_scope"


def test_someone_without_a_programme_role_cannot_invite():
    kecamatan = user_with_role(Role.KECAMATAN, "53.18.11")
    assert _refusal_code(lambda: _invite(kecamatan)) == "outside_scope"


# --- grants and revocations -----------------------------------------------------------------


def test_granting_a_second_role_adds_a_membership(admin_53):
    person = _invite(admin_53).user
    services.membership_grant(
        user=person, role=Role.KECAMATAN, region_code="53.18.11", actor=admin_53
    )
    roles = set(Membership.objects.filter(user=person).values_list("role", flat=True))
    assert roles == {Role.TIM_DESA, Role.KECAMATAN}


def test_granting_the_same_role_over_the_same_region_twice_is_refused(admin_53):
    person = _invite(admin_53).user
    call = lambda: services.membership_grant(  # noqa: E731
        user=person, role=Role.TIM_DESA, region_code="53.18.11.2006", actor=admin_53
    )
    assert _refusal_code(call) == "duplicate"


def test_a_revoked_role_can_be_granted_again(admin_53):
    invitation = _invite(admin_53)
    services.membership_revoke(membership=invitation.membership, actor=admin_53)
    services.membership_grant(
        user=invitation.user, role=Role.TIM_DESA, region_code="53.18.11.2006", actor=admin_53
    )
    assert Membership.objects.filter(user=invitation.user).count() == 1


def test_revoking_is_a_logged_soft_delete(admin_53):
    membership = _invite(admin_53).membership
    services.membership_revoke(membership=membership, actor=admin_53)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Membership.all_objects.get(pk=membership.pk).is_deleted
    log = ChangeLog.objects.filter(object_id=membership.pk).last()
    assert log.action == "delete" and log.actor == admin_53


def test_revoking_a_role_outside_ones_scope_is_refused(admin_53):
    outsider = user_with_role(Role.TIM_DESA, "81.05.15.2001")
    membership = Membership.objects.get(user=outsider)
    call = lambda: services.membership_revoke(membership=membership, actor=admin_53)  # noqa: E731
    assert _refusal_code(call) == "outside_scope"


def test_nobody_revokes_their_own_programme_role(admin_53):
    own = Membership.objects.get(user=admin_53)
    call = lambda: services.membership_revoke(membership=own, actor=admin_53)  # noqa: E731
    assert _refusal_code(call) == "own_admin_role"


def test_a_revoked_role_no_longer_grants_access(admin_53):
    from rembuk.people.permissions import can_view_region

    invitation = _invite(admin_53)
    person = invitation.user
    assert can_view_region(person, "53.18.11.2006")
    services.membership_revoke(membership=invitation.membership, actor=admin_53)
    assert not can_view_region(person, "53.18.11.2006")


# --- passwords and language -----------------------------------------------------------------


def test_choosing_ones_own_password_clears_the_temporary_flag(admin_53):
    person = _invite(admin_53).user
    services.user_password_change(user=person, new_password="jagung-manis-2025")
    person.refresh_from_db()
    assert not person.must_change_password
    assert person.check_password("jagung-manis-2025")


def test_a_password_reset_gives_a_new_temporary_password(admin_53):
    person = _invite(admin_53).user
    services.user_password_change(user=person, new_password="jagung-manis-2025")
    password = services.user_password_reset(user=person, actor=admin_53)
    person.refresh_from_db()
    assert person.must_change_password and person.check_password(password)


def test_resetting_the_password_of_someone_outside_ones_area_is_refused(admin_53):
    outsider = user_with_role(Role.TIM_DESA, "81.05.15.2001")
    call = lambda: services.user_password_reset(user=outsider, actor=admin_53)  # noqa: E731
    assert _refusal_code(call) == "outside_scope"


def test_the_chosen_language_is_stored_on_the_person():
    person = UserFactory()
    services.user_language_set(user=person, language="en")
    person.refresh_from_db()
    assert person.language == "en"


# --- agencies -------------------------------------------------------------------------------


def test_seeding_agencies_creates_the_seven_opd_once():
    kabupaten = region("53.18")
    created = services.agencies_seed(kabupaten=kabupaten, actor=None)
    assert {a.short_name for a in created} == {
        "DPMD",
        "Bappeda",
        "Distan",
        "Diskan",
        "Perindagkop",
        "Setda",
        "Disnak",
    }
    assert services.agencies_seed(kabupaten=kabupaten, actor=None) == []
    assert Agency.objects.filter(kabupaten=kabupaten).count() == 7
    assert ChangeLog.objects.filter(model_label="people.agency", action="create").count() == 7


def test_an_agency_deleted_on_purpose_is_not_seeded_again():
    kabupaten = region("81.05")
    services.agencies_seed(kabupaten=kabupaten, actor=None)
    history.soft_delete(Agency.objects.get(kabupaten=kabupaten, short_name="Disnak"), actor=None)
    assert services.agencies_seed(kabupaten=kabupaten, actor=None) == []


def test_agencies_are_seeded_only_for_a_kabupaten():
    call = lambda: services.agencies_seed(kabupaten=region("53.18.11"), actor=None)  # noqa: E731
    assert _refusal_code(call) == "not_kabupaten"


def test_the_seed_agencies_command_seeds_both_pilot_kabupaten_by_default(capsys):
    call_command("seed_agencies")
    call_command("seed_agencies")
    assert Agency.objects.filter(kabupaten__code="81.05").count() == 7
    assert Agency.objects.filter(kabupaten__code="53.18").count() == 7
    assert "0 OPD baru" in capsys.readouterr().out
