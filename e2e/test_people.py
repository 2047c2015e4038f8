"""People administration: a tim_program user invites a person with a role over a region, and that
person logs in with the one-time password and must choose their own."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import follow_menu, in_viewport, log_in, screenshot
from rembuk.core.testing import PlanFactory, region, user_with_role
from rembuk.people.models import Membership, Role, User

OWN_PASSWORD = "jagung-wainyapu-2025"
KODI = "53.18.11"


def test_tim_program_invites_a_camat_who_logs_in_and_chooses_a_password(page: Page) -> None:
    PlanFactory(desa=region("53.18.11.2006"))
    user_with_role(Role.TIM_PROGRAM, "53.18", username="tim.program")
    log_in(page, "tim.program")

    follow_menu(page, "people:user_list")  # under "Lainnya"
    page.locator(f"main a[href='{reverse('people:user_invite')}']").click()
    form = page.locator("main form.stack")
    form.locator("input[name=full_name]").fill("Markus Lende Bulu")
    form.locator("input[name=username]").fill("markus.kodi")
    form.locator("input[name=phone]").fill("081234567890")
    form.locator("select[name=role]").select_option(Role.KECAMATAN)
    # Typing a name offers matching regions (htmx fills the datalist)…
    form.locator("input[name=region_code]").fill("Kodi Bala")
    expect(page.locator("#region-options option[value='53.18.11']")).to_have_count(1)
    # …and the code is what the form sends. (Let the search it starts finish first: the test
    # database is one shared SQLite connection that cannot serve two requests at once.)
    with page.expect_response(lambda response: "/wilayah/cari/" in response.url):
        form.locator("input[name=region_code]").fill("53.18.11")
    screenshot(page, "people-invite-form")
    form.locator("button[type=submit]").click()

    person = User.objects.get(username="markus.kodi")
    assert page.url.endswith(reverse("people:user_invite_done", args=[person.pk]))
    codes = page.locator(".handover dd.code")
    expect(codes.nth(1)).to_have_text("markus.kodi")
    password = codes.nth(2).inner_text().strip()
    assert len(password) >= 8
    screenshot(page, "people-invite-done")
    assert Membership.objects.filter(user=person, role=Role.KECAMATAN, region__code="53.18.11")

    # Shown once: coming back does not show it again.
    page.reload()
    expect(page.locator(".handover")).to_have_count(0)
    assert page.console_errors == []  # type: ignore[attr-defined]

    page.locator("header.top .account button[type=submit]").click()
    log_in(page, "markus.kodi", password)
    assert page.url.endswith(reverse("people:password_change"))
    page.locator("input[name=new_password1]").fill(OWN_PASSWORD)
    page.locator("input[name=new_password2]").fill(OWN_PASSWORD)
    page.locator("main form button[type=submit]").click()
    assert page.url.endswith(reverse("home:index"))
    page.goto(reverse("people:my_villages"))
    expect(page.locator(".village-list li")).to_have_count(8)
    expect(page.locator(".village-list")).to_contain_text("Wainyapu")

    # The temporary password is gone; the chosen one works.
    page.locator("header.top .account button[type=submit]").click()
    log_in(page, "markus.kodi", password)
    expect(page.locator(".notice.error")).to_be_visible()
    log_in(page, "markus.kodi", OWN_PASSWORD)
    assert page.url.endswith(reverse("home:index"))
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_an_invitation_outside_ones_area_is_refused_on_the_form(page: Page) -> None:
    user_with_role(Role.TIM_PROGRAM, "53.18", username="tim.program")
    log_in(page, "tim.program")
    page.goto(reverse("people:user_invite"))
    form = page.locator("main form.stack")
    form.locator("input[name=full_name]").fill("Orang Seram")
    form.locator("input[name=username]").fill("orang.seram")
    form.locator("select[name=role]").select_option(Role.KECAMATAN)
    form.locator("input[name=region_code]").fill("81.05.15")  # Teluk Waru, another kabupaten
    form.locator("button[type=submit]").click()
    expect(page.locator("main .notice.error")).to_be_visible()
    assert page.url.endswith(reverse("people:user_invite"))
    assert not User.objects.filter(username="orang.seram").exists()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_on_a_linked_laptop_people_and_roles_are_shown_and_sent_to_the_hub_to_change(
    page: Page,
) -> None:
    """The laptop's installer, its superuser, opens People after linking it: the page says that
    people and roles come from the hub, where to invite, and offers no invitation; a person's
    page shows their roles without the forms to change them."""
    from rembuk.sync.models import HubLink

    HubLink.objects.create(hub_url="http://hub.invalid/api/sync/", token="t", region_code=KODI)
    User.objects.create_superuser(username="pemasang", password=OWN_PASSWORD)
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(page, "pemasang", OWN_PASSWORD)
    follow_menu(page, "people:user_list")
    expect(page.locator("#managed-on-the-hub")).to_contain_text("datang dari hub")
    in_viewport(page, "#managed-on-the-hub")
    expect(page.locator(f"main a[href='{reverse('people:user_invite')}']")).to_have_count(0)
    screenshot(page, "people-on-a-linked-laptop")
    page.locator("main a", has_text=str(person)).click()
    expect(page.locator("main h1")).to_have_text(str(person))
    expect(page.locator("main .memberships")).to_contain_text("Wainyapu")
    in_viewport(page, "#managed-on-the-hub")
    expect(page.locator("main form[action*='/peran/']")).to_have_count(0)
    expect(page.get_by_role("button", name="Cabut")).to_have_count(0)
