import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    PlanFactory,
    UserFactory,
    region,
    user_with_role,
)
from rembuk.people import services
from rembuk.people.context_processors import SYNC_ROLES, MenuItem, navigation
from rembuk.people.models import Membership, Role, User
from rembuk.regions.tests.helpers import small_kecamatan
from rembuk.sync import permissions as sync_permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_53(client):
    user = user_with_role(Role.TIM_PROGRAM, "53")
    client.force_login(user)
    return user


# --- signing in and out, passwords, language ------------------------------------------------


def test_the_login_page_is_public_and_in_indonesian_by_default(client):
    response = client.get(reverse("people:login"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert b'name="username"' in response.content


def test_an_english_browser_still_gets_indonesian_until_someone_chooses(client):
    response = client.get(reverse("people:login"), headers={"Accept-Language": "en-US,en"})
    assert response.headers["Content-Language"] == "id"


def test_logging_in_leads_to_the_start_page(client):
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    response = client.post(
        reverse("people:login"), {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(response.url, follow=True).request["PATH_INFO"] == reverse("home:index")


def test_a_wrong_password_is_refused_with_a_message(client):
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    response = client.post(reverse("people:login"), {"username": user.username, "password": "x"})
    assert response.status_code == 200
    assert b"notice error" in response.content
    assert "_auth_user_id" not in client.session


def test_pages_need_a_login(client):
    response = client.get(reverse("people:my_villages"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("people:login"))


def test_logging_out_needs_a_post(client):
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    client.force_login(user)
    assert client.get(reverse("people:logout")).status_code == 405
    response = client.post(reverse("people:logout"))
    assert response.status_code == 302 and response.url == reverse("people:login")
    assert "_auth_user_id" not in client.session


# People here are named explicitly: the factory's "pengguna20"-style usernames share most
# letters with the new password, and Django's similarity check then refused it depending on
# test order.


def test_a_person_with_a_temporary_password_must_change_it_first(client):
    user = user_with_role(
        Role.TIM_DESA, "53.18.11.2006", username="rambu.kahi", must_change_password=True
    )
    client.force_login(user)
    response = client.get(reverse("people:my_villages"))
    assert response.status_code == 302 and response.url == reverse("people:password_change")
    page = client.get(reverse("people:password_change"))
    assert page.status_code == 200 and page.context["must_change"]
    response = client.post(
        reverse("people:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "panen-jagung-2025",
            "new_password2": "panen-jagung-2025",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("panen-jagung-2025")
    # Still signed in (the session hash was updated), and free to go anywhere now.
    assert client.get(reverse("people:my_villages")).status_code == 200


def test_a_first_password_needs_no_old_password_but_a_later_change_does(client):
    user = user_with_role(
        Role.TIM_DESA, "53.18.11.2006", username="rambu.kahi", must_change_password=True
    )
    client.force_login(user)
    new = {"new_password1": "panen-jagung-2025", "new_password2": "panen-jagung-2025"}
    assert (
        "old_password" not in client.get(reverse("people:password_change")).context["form"].fields
    )
    assert client.post(reverse("people:password_change"), new).status_code == 302
    again = {"new_password1": "ikan-kering-2026", "new_password2": "ikan-kering-2026"}
    response = client.post(reverse("people:password_change"), again)
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password("panen-jagung-2025")


def test_a_person_with_a_temporary_password_may_still_log_out(client):
    user = user_with_role(
        Role.TIM_DESA, "53.18.11.2006", username="rambu.kahi", must_change_password=True
    )
    client.force_login(user)
    assert client.post(reverse("people:logout")).url == reverse("people:login")


def test_a_weak_new_password_is_refused(client):
    user = user_with_role(
        Role.TIM_DESA, "53.18.11.2006", username="rambu.kahi", must_change_password=True
    )
    client.force_login(user)
    response = client.post(
        reverse("people:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert user.must_change_password


def test_two_different_new_passwords_are_refused_in_rembuks_own_words(client):
    # Django's Indonesian says "Dua bidang sandi tidak cocok" and "Sandi anda ..."; Rembuk says
    # "kata sandi" and "Anda" on the same page.
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006", username="rambu.kahi")
    client.force_login(user)
    response = client.post(
        reverse("people:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "panen-jagung-2025",
            "new_password2": "panen-jagung-2026",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kedua kata sandi baru tidak sama." in page
    for django_wording in ("bidang sandi", "Sandi anda", "sandi umum", "Masukkan sandi"):
        assert django_wording not in page, django_wording
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_choosing_english_holds_for_this_session_only_not_the_persons_other_sessions(client):
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    client.force_login(user)
    other = Client()
    other.force_login(user)
    response = client.post(reverse("people:set_language"), {"language": "en", "next": "/wilayah/"})
    assert response.status_code == 302 and response.url == "/wilayah/"
    assert client.get(reverse("people:my_villages")).headers["Content-Language"] == "en"
    # The person's other session (a phone, the projector laptop) keeps its language...
    assert other.get(reverse("people:my_villages")).headers["Content-Language"] == "id"
    # ...and so does the person's default, for their next sign-in.
    user.refresh_from_db()
    assert user.language == "id"


def test_the_default_language_is_set_on_the_account_page_and_starts_each_new_session(client):
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    client.force_login(user)
    page = client.get(reverse("people:password_change")).content.decode()
    assert 'action="/akun/bahasa-bawaan/"' in page
    client.post(reverse("people:default_language"), {"language": "en"})
    user.refresh_from_db()
    assert user.language == "en"
    assert client.get(reverse("people:my_villages")).headers["Content-Language"] == "en"
    fresh = Client()
    fresh.force_login(user)
    assert fresh.get(reverse("people:my_villages")).headers["Content-Language"] == "en"


def test_the_language_can_be_chosen_before_logging_in_and_holds_after(client):
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    client.post(reverse("people:set_language"), {"language": "en", "next": "/x"})
    assert client.get(reverse("people:login")).headers["Content-Language"] == "en"
    client.post(reverse("people:login"), {"username": user.username, "password": DEFAULT_PASSWORD})
    assert client.get(reverse("people:my_villages")).headers["Content-Language"] == "en"
    client.post(reverse("people:logout"))
    assert client.get(reverse("people:login")).headers["Content-Language"] == "en"


def test_a_browser_set_to_english_is_not_a_choice(client):
    page = client.get(reverse("people:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.headers["Content-Language"] == "id"


def test_setting_the_language_refuses_get_unknown_languages_and_foreign_redirects(client):
    assert client.get(reverse("people:set_language")).status_code == 405
    response = client.post(
        reverse("people:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.url == "/"
    assert client.get(reverse("people:login")).headers["Content-Language"] == "id"


# --- my villages ----------------------------------------------------------------------------


def test_my_villages_links_each_desa_to_its_latest_plan(client):
    plan = PlanFactory(desa=region("53.18.11.2006"))
    client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    response = client.get(reverse("people:my_villages"))
    html = response.content.decode()
    assert reverse("plans:plan_detail", args=[plan.pk]) in html
    assert "Wainyapu" in html and "2024–2025" in html
    # A desa without a plan links to its region page, where a plan can be created.
    assert reverse("regions:region_detail", args=["53.18.11.2001"]) in html


@pytest.mark.parametrize("kecamatan_code,desa", [("53.18.99", 2), ("81.05.15", 11)])
def test_my_villages_page_costs_the_same_queries_for_2_desa_as_for_11(
    client, kecamatan_code, desa, django_assert_num_queries
):
    if kecamatan_code == "53.18.99":
        small_kecamatan(kecamatan_code, desa=2)
    client.force_login(user_with_role(Role.KECAMATAN, kecamatan_code))
    for code in (f"{kecamatan_code}.2001", f"{kecamatan_code}.2002"):
        PlanFactory(desa=region(code))
    # session, user, memberships, the desa with their latest plans
    with django_assert_num_queries(5):
        response = client.get(reverse("people:my_villages"))
    assert len(response.context["mine"].villages) == desa


# --- inviting and granting ------------------------------------------------------------------


def _invite_form(**overrides):
    data = {
        "full_name": "Yohanes Bili",
        "username": "yohanes",
        "phone": "081234",
        "email": "",
        "role": Role.TIM_DESA,
        "region_code": "53.18.11.2006",
        "agency": "",
    }
    data.update(overrides)
    return data


def test_inviting_shows_the_temporary_password_once(client, admin_53):
    response = client.post(reverse("people:user_invite"), _invite_form())
    person = User.objects.get(username="yohanes")
    assert response.status_code == 302
    assert response.url == reverse("people:user_invite_done", args=[person.pk])
    first = client.get(response.url)
    password = first.context["password"]
    assert password and password in first.content.decode()
    assert person.check_password(password) and person.must_change_password
    second = client.get(response.url)
    assert second.context["password"] is None
    assert password not in second.content.decode()


def test_the_invited_person_logs_in_with_the_temporary_password_and_must_change_it(
    client, admin_53
):
    client.post(reverse("people:user_invite"), _invite_form())
    done = client.get(
        reverse("people:user_invite_done", args=[User.objects.get(username="yohanes").pk])
    )
    password = done.context["password"]
    client.logout()
    client.post(reverse("people:login"), {"username": "yohanes", "password": password})
    response = client.get(reverse("people:my_villages"))
    assert response.url == reverse("people:password_change")


def test_an_invitation_outside_the_area_shows_why_and_creates_nobody(client, admin_53):
    response = client.post(reverse("people:user_invite"), _invite_form(region_code="81.05.15.2001"))
    assert response.status_code == 200
    assert "81.05.15.2001" in response.context["form"].errors["region_code"][0]
    assert "Belum ada yang tersimpan" in response.content.decode()
    assert not User.objects.filter(username="yohanes").exists()


def test_an_opd_invitation_names_an_agency_of_the_kabupaten(client, admin_53):
    services.agencies_seed(kabupaten=region("53.18"), actor=None)
    dpmd = region("53.18").agencies.get(short_name="DPMD")
    response = client.post(
        reverse("people:user_invite"),
        _invite_form(role=Role.OPD, region_code="53.18", agency=str(dpmd.pk)),
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__username="yohanes").agency == dpmd


def test_more_agencies_than_a_list_offers_come_for_the_kabupaten_of_the_code_typed(
    client, admin_53, monkeypatch
):
    """A national team manages 2,056 agencies: the list offers those of the kabupaten of the
    region typed (fetched when the code changes, or with the form sent back), never another
    kabupaten's, nor one outside the person's area."""
    from rembuk.people import forms

    for kabupaten in ("53.18", "81.05"):
        services.agencies_seed(kabupaten=region(kabupaten), actor=None)
    MembershipFactory(user=admin_53, role=Role.TIM_PROGRAM, region=region("81"))
    dpmd = region("53.18").agencies.get(short_name="DPMD")
    elsewhere = region("81.05").agencies.get(short_name="DPMD")
    monkeypatch.setattr(forms, "CHOICES_OFFERED", 1)
    page = client.get(reverse("people:user_invite")).content.decode()
    select = page[
        page.index('<select name="agency"') : page.index(
            "</select>", page.index('<select name="agency"')
        )
    ]
    assert select.count("<option") == 1  # "—" alone, until a region is typed
    assert f'hx-get="{reverse("people:agency_options")}"' in select
    assert 'hx-trigger="change from:#id_region_code"' in select
    assert "ketik dulu kode wilayahnya" in page

    def offered(code: str, by: Client = client) -> list[str]:
        answer = by.get(reverse("people:agency_options"), {"region_code": code})
        return re.findall(r'<option value="([^"]*)"', answer.content.decode())

    sumba = offered("53.18.11.2006")
    assert sumba[0] == "" and str(dpmd.pk) in sumba and str(elsewhere.pk) not in sumba
    assert len(sumba) == region("53.18").agencies.count() + 1
    assert str(elsewhere.pk) in offered("81.05")
    only_ntt = Client()
    only_ntt.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    assert offered("81.05", only_ntt) == [""]  # a kabupaten outside the person's area
    assert offered("53") == [""]  # above a kabupaten
    assert offered("") == [""]

    # Without JavaScript: the form sent with the code and no agency comes back offering them.
    back = client.post(
        reverse("people:user_invite"), _invite_form(role=Role.OPD, region_code="53.18", agency="")
    ).content.decode()
    assert f'<option value="{dpmd.pk}">DPMD — ' in back
    # Another kabupaten's agency is not a choice for this code: refused, nobody made.
    refused = client.post(
        reverse("people:user_invite"),
        _invite_form(role=Role.OPD, region_code="53.18", agency=str(elsewhere.pk)),
    )
    assert refused.status_code == 200 and "agency" in refused.context["form"].errors
    assert not User.objects.filter(username="yohanes").exists()
    made = client.post(
        reverse("people:user_invite"),
        _invite_form(role=Role.OPD, region_code="53.18", agency=str(dpmd.pk)),
    )
    assert made.status_code == 302
    assert Membership.objects.get(user__username="yohanes").agency == dpmd


def test_only_people_administrators_read_the_agency_options(client):
    services.agencies_seed(kabupaten=region("53.18"), actor=None)
    client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    answer = client.get(reverse("people:agency_options"), {"region_code": "53.18"})
    assert answer.status_code in (403, 404)
    assert "DPMD" not in answer.content.decode()
    anonymous = Client().get(reverse("people:agency_options"), {"region_code": "53.18"})
    assert anonymous.status_code == 302 and reverse("people:login") in anonymous.url


def test_the_invite_form_offers_regions_to_pick_while_typing(client, admin_53):
    page = client.get(reverse("people:user_invite"))
    assert b'list="region-options"' in page.content
    options = client.get(
        reverse("regions:region_search"),
        {"pick": "1", "region_code": "wainyapu"},
        headers={"HX-Request": "true"},
    )
    assert options.content.decode().strip().startswith('<option value="53.18.11.2006">')


def test_granting_and_revoking_a_role_from_the_person_page(client, admin_53):
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    response = client.post(
        reverse("people:membership_grant", args=[person.pk]),
        {"role": Role.FASILITATOR_DESA, "region_code": "53.18.11.2001", "agency": ""},
    )
    assert response.status_code == 302
    granted = Membership.objects.get(user=person, role=Role.FASILITATOR_DESA)
    page = client.get(reverse("people:user_detail", args=[person.pk]))
    assert "53.18.11.2001" in page.content.decode()
    assert client.get(reverse("people:membership_revoke", args=[granted.pk])).status_code == 405
    client.post(reverse("people:membership_revoke", args=[granted.pk]))
    assert not Membership.objects.filter(pk=granted.pk).exists()


def test_a_laptop_linked_to_a_hub_refuses_to_make_people_or_roles_and_says_where(client):
    """A laptop takes its people and roles from the hub (ADR 0011): its administrator's
    invitation would lose its login with the hub's next list, a role granted here would wait
    refused at the hub. Each request, forged past the page, is refused and changes nothing."""
    from rembuk.sync.models import HubLink

    HubLink.objects.create(
        hub_url="http://hub.invalid/api/sync/", token="t", region_code="53.18.11"
    )
    client.force_login(User.objects.create_superuser(username="pemasang", password="x"))
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    held = Membership.objects.get(user=person)
    people, roles = User.objects.count(), Membership.objects.count()
    told = "Di laptop ini, orang dan perannya datang dari hub"
    attempts = [
        ("get", reverse("people:user_invite"), {}),
        ("post", reverse("people:user_invite"), _invite_form()),
        (
            "post",
            reverse("people:membership_grant", args=[person.pk]),
            {"role": Role.FASILITATOR_DESA, "region_code": "53.18.11.2001", "agency": ""},
        ),
        ("post", reverse("people:membership_revoke", args=[held.pk]), {}),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data, follow=True)
        assert response.redirect_chain == [(reverse("people:user_list"), 302)], url
        assert told in response.content.decode(), url
    assert (User.objects.count(), Membership.objects.count()) == (people, roles)
    listing = client.get(reverse("people:user_list")).content.decode()
    assert told in listing and reverse("people:user_invite") not in listing
    page = client.get(reverse("people:user_detail", args=[person.pk])).content.decode()
    assert told in page
    assert reverse("people:membership_grant", args=[person.pk]) not in page
    assert reverse("people:membership_revoke", args=[held.pk]) not in page


def test_a_refused_grant_is_explained_on_the_person_page(client, admin_53):
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    response = client.post(
        reverse("people:membership_grant", args=[person.pk]),
        {"role": Role.TIM_DESA, "region_code": "53.18", "agency": ""},
    )
    assert response.status_code == 400
    # The refusal shows next to the field it is about.
    assert (
        "Pilih wilayah pada tingkat yang tepat" in response.context["form"].errors["region_code"][0]
    )


def test_a_lost_password_is_replaced_by_a_new_temporary_one(client, admin_53):
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    response = client.post(reverse("people:user_password_reset", args=[person.pk]))
    password = client.get(response.url).context["password"]
    person.refresh_from_db()
    assert person.check_password(password) and person.must_change_password


def test_the_people_list_costs_the_same_queries_for_2_people_as_for_12(
    client, admin_53, django_assert_num_queries
):
    def count_queries():
        # 8: the frame's, the page of people and their roles, and whether this is a laptop
        # whose people come from a hub.
        with django_assert_num_queries(8) as captured:
            response = client.get(reverse("people:user_list"))
        return response, captured

    user_with_role(Role.TIM_DESA, "53.18.11.2006")
    response, _ = count_queries()
    assert len(response.context["page"].object_list) == 2
    for number in range(10):
        user_with_role(Role.TIM_DESA, f"53.18.11.200{number % 8 + 1}")
    response, _ = count_queries()
    assert len(response.context["page"].object_list) == 12


def test_the_people_list_searches_by_name(client, admin_53):
    user_with_role(Role.TIM_DESA, "53.18.11.2006", first_name="Yakobus")
    response = client.get(reverse("people:user_list"), {"q": "yakob"})
    assert [p.first_name for p in response.context["page"].object_list] == ["Yakobus"]


def test_the_agency_list_of_a_kabupaten(client):
    services.agencies_seed(kabupaten=region("81.05"), actor=None)
    client.force_login(UserFactory())
    html = client.get(reverse("people:agency_list", args=["81.05"])).content.decode()
    assert "Dinas Pemberdayaan Masyarakat dan Desa" in html
    assert client.get(reverse("people:agency_list", args=["81.05.15"])).status_code == 404


def test_an_empty_agency_list_tells_staff_whom_to_ask_and_only_an_administrator_the_command(
    client,
):
    page = reverse("people:agency_list", args=["81.05"])
    client.force_login(user_with_role(Role.KECAMATAN, "81.05.15"))
    html = client.get(page).content.decode()
    assert "programme team" in html or "tim program" in html
    assert "manage.py" not in html and "seed_agencies" not in html
    client.force_login(UserFactory(is_superuser=True))
    assert "rembuk seed_agencies 81.05" in client.get(page).content.decode()


def test_no_page_has_inline_script_or_style(client, admin_53):
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    for url in (
        reverse("people:my_villages"),
        reverse("people:user_list"),
        reverse("people:user_invite"),
        reverse("people:user_detail", args=[person.pk]),
        reverse("people:password_change"),
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert " style=" not in html and not re.search(r"\son[a-z]+=", html), url


def test_the_menu_shows_the_sections_of_the_roles_held_in_the_sessions_language(client):
    # Its URLs and labels are kept per process and language (people.context_processors).
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    client.force_login(user)
    plans = reverse("plans:plan_list")
    dashboards = reverse("programme:dashboard")
    page = client.get(plans).content.decode()
    assert f'<a href="{plans}" aria-current="page">Rencana</a>' in page
    assert f'<a href="{dashboards}">Dasbor</a>' in page
    assert reverse("operations:status") not in page  # the programme team's section only
    client.post(reverse("people:set_language"), {"language": "en", "next": "/"})
    page = client.get(dashboards).content.decode()
    assert f'<a href="{plans}">Plans</a>' in page
    assert f'<a href="{dashboards}" aria-current="page">Dashboards</a>' in page
    other = Client()
    other.force_login(user)
    assert f'<a href="{plans}" aria-current="page">Rencana</a>' in other.get(plans).content.decode()


def test_a_revoked_role_leaves_the_menu_on_the_next_request(client, admin_53):
    # The sections a set of roles sees are kept per process; the roles are read per request.
    person = user_with_role(Role.KECAMATAN, "53.18.11")
    village = services.membership_grant(
        user=person, role=Role.TIM_DESA, region_code="53.18.11.2006", actor=admin_53
    )
    other = Client()
    other.force_login(person)
    dashboards = reverse("programme:dashboard")
    page = other.get(reverse("home:index")).content.decode()
    assert f'<a href="{dashboards}">Dasbor</a>' in page
    assert f'<a href="{reverse("sync:page")}">Sinkronisasi</a>' in page
    kecamatan = Membership.objects.get(user=person, role=Role.KECAMATAN)
    services.membership_revoke(membership=kecamatan, actor=admin_53)
    page = other.get(reverse("plans:plan_list")).content.decode()
    assert dashboards not in page  # kecamatan and up only
    assert reverse("sync:page") not in page
    assert f'<a href="{reverse("plans:plan_list")}" aria-current="page">Rencana</a>' in page
    services.membership_revoke(membership=village, actor=admin_53)
    page = other.get(reverse("plans:plan_list")).content.decode()
    assert reverse("meetings:meeting_list") not in page


def test_the_menu_of_a_set_of_roles_on_a_section_is_made_once(rf):
    # base.html's {% fixed %} finds its markup by the items' identity: the same menu must be the
    # same object, and another open section another menu.
    person = user_with_role(Role.KECAMATAN, "53.18.11")
    plans, meetings = reverse("plans:plan_list"), reverse("meetings:meeting_list")

    def menu(path: str) -> tuple[MenuItem, ...]:
        request = rf.get(path)
        request.user = person
        return navigation(request)["menu"]  # type: ignore[return-value]

    assert menu(plans) is menu(plans)
    assert menu(meetings) is not menu(plans)
    assert [item.url for item in menu(meetings) if item.current] == [meetings]


def test_the_seldom_opened_sections_are_kept_apart_for_the_menus_lainnya(rf):
    person = user_with_role(Role.TIM_PROGRAM, "53")
    installation = reverse("operations:status")
    request = rf.get(installation)
    request.user = person
    context = navigation(request)
    menu, more = context["menu"], context["menu_more"]
    assert isinstance(menu, tuple) and isinstance(more, tuple)
    assert [item.url for item in more] == [
        reverse("regions:region_list"),
        installation,
        reverse("people:user_list"),
        reverse("sync:page"),
    ]
    assert not {item.url for item in more} & {item.url for item in menu}
    assert [item.url for item in more if item.current] == [installation]


@pytest.mark.parametrize(
    ("url_name", "args", "open_section"),
    [
        ("people:user_list", [], "people:user_list"),
        ("people:user_invite", [], "people:user_list"),
        ("sync:page", [], "sync:page"),
        ("sync:conflict_resolve", [uuid.uuid4()], "sync:page"),
    ],
)
def test_people_and_sync_and_their_pages_are_the_open_section_under_lainnya(
    rf, url_name, args, open_section
):
    request = rf.get(reverse(url_name, args=args))
    request.user = user_with_role(Role.TIM_PROGRAM, "53")
    context = navigation(request)
    menu, more = context["menu"], context["menu_more"]
    assert isinstance(menu, tuple) and isinstance(more, tuple)
    assert [item.url for item in more if item.current] == [reverse(open_section)]
    assert not [item for item in menu if item.current]


def test_the_menu_shows_sync_to_the_roles_that_may_run_it():
    # The menu cannot import rembuk.sync (sync builds on people): its copy is held equal here.
    assert SYNC_ROLES == sync_permissions.SYNC_ROLES


def test_the_open_people_section_is_marked_inside_lainnya(client):
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    people = reverse("people:user_list")
    page = client.get(reverse("people:user_invite")).content.decode()
    assert '<summary class="current">' in page
    assert f'<a href="{people}" aria-current="page">Pengguna</a>' in page
    page = client.get(reverse("plans:plan_list")).content.decode()
    assert '<summary class="current">' not in page
    assert f'<a href="{people}">Pengguna</a>' in page
