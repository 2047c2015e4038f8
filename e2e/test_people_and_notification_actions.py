"""Actions no other browser test clicks: on a person's page the programme team (the role that
manages people, rembuk.people.permissions) grants and revokes roles and makes a new temporary
password; on the notifications page a person marks all read and switches the email on and off;
on the account page a person makes English their default language and back."""

from __future__ import annotations

import datetime

from django.urls import reverse
from playwright.sync_api import Browser, Dialog, Page, expect

from e2e.conftest import follow_menu, in_viewport, log_in, screenshot, watch_errors
from rembuk.core.testing import DEFAULT_PASSWORD, MembershipFactory, region, user_with_role
from rembuk.district.services import district_meeting_create
from rembuk.notifications.models import Notification, NotificationPreference
from rembuk.people.models import Membership, Role, User

OWN_PASSWORD = "ubi-kayu-di-kodi-2025"


def _open_persons_page(page: Page, name: str) -> None:
    """From the header's menu to "Pengguna", then the person's row."""
    follow_menu(page, "people:user_list")  # under "Lainnya"
    page.locator("table.people a.row-link", has_text=name).click()
    expect(page.locator("main h1")).to_have_text(name)


def _log_out(page: Page) -> None:
    page.locator("header.top .account button[type=submit]").click()
    expect(page.locator("header.top .account")).to_have_count(0)


# --- people administration ---------------------------------------------------------------------


def test_the_programme_team_grants_a_person_another_role_on_their_page(page: Page) -> None:
    """The programme team opens a camat's page, grants them the village facilitator role over
    Wainyapu, and sees the message and the new role in the list."""
    user_with_role(Role.TIM_PROGRAM, "53.18", username="tim.program")
    person = user_with_role(
        Role.KECAMATAN, "53.18.11", username="markus.kodi", first_name="Markus", last_name="Bulu"
    )
    log_in(page, "tim.program")
    _open_persons_page(page, "Markus Bulu")
    expect(page.locator("ul.memberships > li")).to_have_count(1)

    form = page.locator("main form", has=page.locator("input[name=region_code]"))
    form.locator("select[name=role]").select_option(Role.FASILITATOR_DESA)
    # Let the region search the typing starts finish first (one shared SQLite connection).
    with page.expect_response(lambda response: "/wilayah/cari/" in response.url):
        form.locator("input[name=region_code]").fill("53.18.11.2006")
    form.get_by_role("button", name="Beri peran").click()

    expect(page).to_have_url(reverse("people:user_detail", args=[person.pk]))
    message = page.locator("ul.messages li.success")
    expect(message).to_have_text("Markus Bulu sekarang menjadi Fasilitator Desa untuk Wainyapu.")
    in_viewport(page, "ul.messages li.success")
    roles = page.locator("ul.memberships > li")
    expect(roles).to_have_count(2)
    expect(roles.filter(has_text="Wainyapu")).to_contain_text("Fasilitator Desa")
    in_viewport(page, "ul.memberships > li:has-text('Wainyapu')")
    screenshot(page, "people-role-granted")
    assert Membership.objects.filter(
        user=person, role=Role.FASILITATOR_DESA, region__code="53.18.11.2006"
    ).exists()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_programme_team_revokes_a_role_after_confirming_and_then_the_last_one(
    page: Page,
) -> None:
    """Revoking asks first (cancelling keeps the role); confirmed, the role leaves the person's
    page, and revoking their last role in the area takes the team back to the list without them."""
    user_with_role(Role.TIM_PROGRAM, "53.18", username="tim.program")
    person = user_with_role(
        Role.KECAMATAN, "53.18.11", username="markus.kodi", first_name="Markus", last_name="Bulu"
    )
    MembershipFactory(user=person, role=Role.FASILITATOR_DESA, region=region("53.18.11.2006"))
    log_in(page, "tim.program")
    _open_persons_page(page, "Markus Bulu")
    roles = page.locator("ul.memberships > li")
    expect(roles).to_have_count(2)
    village_role = roles.filter(has_text="Wainyapu")

    questions: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    village_role.get_by_role("button", name="Cabut").click()
    expect(roles).to_have_count(2)
    assert questions == ["Cabut peran ini?"]
    assert Membership.objects.filter(user=person).count() == 2

    page.once("dialog", lambda dialog: dialog.accept())
    village_role.get_by_role("button", name="Cabut").click()
    message = page.locator("ul.messages li.success")
    expect(message).to_have_text("Markus Bulu tidak lagi menjadi Fasilitator Desa untuk Wainyapu.")
    in_viewport(page, "ul.messages li.success")
    assert page.url.endswith(reverse("people:user_detail", args=[person.pk]))
    expect(roles).to_have_count(1)
    expect(roles).to_contain_text("Staf Kecamatan")
    screenshot(page, "people-role-revoked")
    assert list(Membership.objects.filter(user=person).values_list("role", flat=True)) == [
        Role.KECAMATAN
    ]

    # The last role: the person is no longer in this team's area, the list does not show them.
    page.once("dialog", lambda dialog: dialog.accept())
    roles.get_by_role("button", name="Cabut").click()
    expect(page.locator("ul.messages li.success")).to_have_text(
        "Markus Bulu tidak lagi menjadi Staf Kecamatan untuk Kodi Balaghar."
    )
    assert page.url.endswith(reverse("people:user_list"))
    expect(page.locator("table.people")).not_to_contain_text("Markus Bulu")
    assert not Membership.objects.filter(user=person).exists()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_programme_team_makes_a_new_temporary_password_and_the_person_logs_in_with_it(
    page: Page,
) -> None:
    """After confirming, the team is shown the username and a temporary password once; the
    person logs in with it, must choose their own, and the old password no longer works."""
    user_with_role(Role.TIM_PROGRAM, "53.18", username="tim.program")
    person = user_with_role(
        Role.KECAMATAN, "53.18.11", username="markus.kodi", first_name="Markus", last_name="Bulu"
    )
    log_in(page, "tim.program")
    _open_persons_page(page, "Markus Bulu")

    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Buat kata sandi sementara baru").click()
    expect(page).to_have_url(reverse("people:user_invite_done", args=[person.pk]))
    assert questions == [
        "Buat kata sandi sementara yang baru? Kata sandi lama tidak akan berlaku lagi."
    ]
    expect(page.locator("main h1")).to_have_text("Markus Bulu sekarang bisa masuk")
    codes = page.locator(".handover dd.code")
    expect(codes.nth(1)).to_have_text("markus.kodi")
    password = codes.nth(2).inner_text().strip()
    assert len(password) >= 8
    in_viewport(page, ".handover")
    screenshot(page, "people-password-reset")
    person.refresh_from_db()
    assert person.must_change_password
    assert person.check_password(password)

    # Shown once: the page does not show it again.
    page.reload()
    expect(page.locator(".handover")).to_have_count(0)
    assert page.console_errors == []  # type: ignore[attr-defined]

    _log_out(page)
    log_in(page, "markus.kodi", DEFAULT_PASSWORD)  # the old password
    expect(page.locator(".notice.error")).to_be_visible()
    log_in(page, "markus.kodi", password)
    assert page.url.endswith(reverse("people:password_change"))
    expect(page.locator(".notice.warning")).to_contain_text("kata sandi sementara")
    page.locator("input[name=new_password1]").fill(OWN_PASSWORD)
    page.locator("input[name=new_password2]").fill(OWN_PASSWORD)
    page.locator("main form button[type=submit]").click()
    assert page.url.endswith(reverse("home:index"))
    person.refresh_from_db()
    assert not person.must_change_password
    assert person.check_password(OWN_PASSWORD)
    assert page.console_errors == []  # type: ignore[attr-defined]


# --- notifications -----------------------------------------------------------------------------


def _two_meetings_announced() -> User:
    """A kabupaten team member told of two meetings a colleague scheduled."""
    reader = user_with_role(Role.TIM_KABUPATEN, "53.18", username="yohanis")
    colleague = user_with_role(Role.TIM_KABUPATEN, "53.18", username="maria")
    for day in (datetime.date(2024, 8, 15), datetime.date(2024, 11, 20)):
        district_meeting_create(
            kabupaten=region("53.18"), date=day, place="Aula Bappeda", actor=colleague
        )
    assert Notification.objects.filter(user=reader, read_at__isnull=True).count() == 2
    return reader


def test_marking_all_notifications_read_clears_the_count_in_the_header(page: Page) -> None:
    """With two unread notifications the header's bell shows 2; "Tandai semua sudah dibaca"
    marks both read and the count leaves the header."""
    reader = _two_meetings_announced()
    log_in(page, "yohanis")
    bell = page.locator("header.top #notification-bell")
    expect(bell.locator(".count")).to_contain_text("2")

    bell.click()
    expect(page).to_have_url(reverse("notifications:notification_list"))
    expect(page.locator("#unread-count")).to_have_text("2 pemberitahuan belum dibaca.")
    expect(page.locator("li.notification.unread")).to_have_count(2)

    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    expect(page.locator("ul.messages li.success")).to_have_text(
        "Semua pemberitahuan ditandai sudah dibaca."
    )
    in_viewport(page, "ul.messages li.success")
    expect(bell.locator(".count")).to_have_count(0)
    expect(bell).to_have_text("Pemberitahuan")
    in_viewport(page, "header.top #notification-bell")
    expect(page.locator("#unread-count")).to_have_text("0 pemberitahuan belum dibaca.")
    expect(page.locator("li.notification")).to_have_count(2)
    expect(page.locator("li.notification.unread")).to_have_count(0)
    expect(page.locator(".unread-badge")).to_have_count(0)
    expect(page.get_by_role("button", name="Tandai semua sudah dibaca")).to_have_count(0)
    screenshot(page, "notifications-all-read")
    assert not Notification.objects.filter(user=reader, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=reader).count() == 2
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_person_switches_the_notification_emails_on_and_off_and_it_is_kept(page: Page) -> None:
    """The email section says notifications show only here; "Kirim juga lewat email" turns the
    emails on (to the account's address), kept after a reload; "Hentikan email" stops them."""
    reader = _two_meetings_announced()
    log_in(page, "yohanis")
    page.locator("header.top #notification-bell").click()
    section = page.locator("#email")
    expect(section).to_contain_text("Pemberitahuan hanya tampil di sini.")

    section.get_by_role("button", name="Kirim juga lewat email").click()
    expect(page.locator("ul.messages li.success")).to_have_text(
        "Pemberitahuan juga akan dikirim lewat email."
    )
    in_viewport(page, "ul.messages li.success")
    expect(section).to_contain_text("Pemberitahuan juga dikirim lewat email ke yohanis@contoh.id.")
    expect(section.get_by_role("button", name="Hentikan email")).to_be_visible()
    assert NotificationPreference.objects.get(user=reader).by_email

    page.reload()
    expect(page.locator("ul.messages")).to_have_count(0)
    expect(section).to_contain_text("Pemberitahuan juga dikirim lewat email ke yohanis@contoh.id.")
    section.scroll_into_view_if_needed()
    in_viewport(page, "#email")
    screenshot(page, "notifications-email-on")

    section.get_by_role("button", name="Hentikan email").click()
    expect(page.locator("ul.messages li.success")).to_have_text(
        "Pemberitahuan tidak lagi dikirim lewat email."
    )
    expect(section).to_contain_text("Pemberitahuan hanya tampil di sini.")
    assert not NotificationPreference.objects.get(user=reader).by_email
    page.reload()
    expect(section.get_by_role("button", name="Kirim juga lewat email")).to_be_visible()
    # Switching the emails on and off left the notifications themselves alone.
    assert Notification.objects.filter(user=reader, read_at__isnull=True).count() == 2
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_turning_emails_on_without_an_email_address_says_whom_to_ask(page: Page) -> None:
    """A person whose account has no email address is warned to ask the programme team for one."""
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="tanpa.email", email="")
    log_in(page, "tanpa.email")
    page.locator("header.top #notification-bell").click()
    expect(page.locator("main")).to_contain_text("Belum ada pemberitahuan.")
    page.get_by_role("button", name="Kirim juga lewat email").click()
    warning = page.locator("ul.messages li.warning")
    expect(warning).to_contain_text("tim program")
    in_viewport(page, "ul.messages li.warning")
    expect(page.locator("#email")).to_contain_text("lewat email ke —.")
    assert page.console_errors == []  # type: ignore[attr-defined]


# --- the default language ----------------------------------------------------------------------


def _default_language_form(page: Page) -> None:
    """From the name in the header to the account page, then to the password and language."""
    page.locator(f"header.top .account a[href='{reverse('people:account')}']").click()
    page.locator(f"main a[href='{reverse('people:password_change')}']").click()
    expect(page).to_have_url(reverse("people:password_change"))
    expect(page.locator("#default-language")).to_be_visible()


def test_english_as_the_default_language_holds_in_the_next_session_and_is_set_back(
    page: Page, browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    """A person chooses English as their default: after logging out and in, and on another
    device, Rembuk is in English; choosing Bahasa Indonesia again brings the next login back."""
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(page, "tim.wainyapu")
    _default_language_form(page)
    choice = page.locator("#default-language")
    expect(choice.get_by_label("Bahasa Indonesia")).to_be_checked()

    choice.get_by_label("English").check()
    choice.get_by_role("button", name="Simpan bahasa bawaan").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("ul.messages li.success")).to_have_text("Your default language is saved.")
    in_viewport(page, "ul.messages li.success")
    expect(choice.get_by_label("English")).to_be_checked()
    expect(page.locator("main h1")).to_have_text("Your account")
    person.refresh_from_db()
    assert person.language == "en"
    screenshot(page, "default-language-english")

    _log_out(page)
    log_in(page, "tim.wainyapu")
    assert page.url.endswith(reverse("home:index"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header.top #notification-bell")).to_have_text("Notifications")

    # This window would keep its language over a logout anyway (views.logout_view): a new
    # session elsewhere (a phone, another laptop) starting in English shows it is the default.
    other = browser.new_context(
        viewport=page.viewport_size, locale="id-ID", base_url=live_server.url
    )
    other.set_default_timeout(10_000)
    try:
        elsewhere = watch_errors(other.new_page())
        log_in(elsewhere, "tim.wainyapu")
        expect(elsewhere.locator("html")).to_have_attribute("lang", "en")
        expect(elsewhere.locator("header.top #notification-bell")).to_have_text("Notifications")
        assert elsewhere.console_errors == []  # type: ignore[attr-defined]
    finally:
        other.close()

    # Set back: Bahasa Indonesia again, here and in the next session.
    _default_language_form(page)
    choice.get_by_label("Bahasa Indonesia").check()
    choice.get_by_role("button", name="Save the default language").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("ul.messages li.success")).to_have_text("Bahasa bawaan Anda tersimpan.")
    expect(choice.get_by_label("Bahasa Indonesia")).to_be_checked()
    person.refresh_from_db()
    assert person.language == "id"

    _log_out(page)
    log_in(page, "tim.wainyapu")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("header.top #notification-bell")).to_have_text("Pemberitahuan")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_programme_officer_chooses_their_own_clock_and_reads_it_on_their_account(
    page: Page,
) -> None:
    """Roles in two zones read the hub's clock (WITA here); the officer, in Jakarta, chooses
    WIB, and their account page says it is their choice; "Otomatis" gives the roles' back."""
    person = user_with_role(Role.TIM_PROGRAM, "53", username="program.nasional")
    MembershipFactory(user=person, role=Role.TIM_PROGRAM, region=region("81"))
    log_in(page, "program.nasional")
    _default_language_form(page)
    choice = page.locator("#time-zone-choice")
    choice.scroll_into_view_if_needed()
    automatic = choice.get_by_label("Otomatis: WITA (UTC+8), zona waktu server")
    expect(automatic).to_be_checked()

    choice.get_by_label("WIB (UTC+7) · Sumatra, Jawa, Kalimantan Barat dan Tengah").check()
    choice.get_by_role("button", name="Simpan zona waktu").click()
    expect(page.locator("ul.messages li.success")).to_have_text("Zona waktu Anda tersimpan.")
    in_viewport(page, "ul.messages li.success")
    expect(
        choice.get_by_label("WIB (UTC+7) · Sumatra, Jawa, Kalimantan Barat dan Tengah")
    ).to_be_checked()
    in_viewport(page, "#time-zone-choice button")
    person.refresh_from_db()
    assert person.time_zone == "Asia/Jakarta"
    screenshot(page, "time-zone-chosen")

    page.locator(f"header.top .account a[href='{reverse('people:account')}']").click()
    expect(page.locator("dd.time-zone")).to_have_text("WIB (UTC+7) · pilihan Anda")
    in_viewport(page, "dd.time-zone")

    _default_language_form(page)
    automatic.check()
    choice.get_by_role("button", name="Simpan zona waktu").click()
    expect(page.locator("ul.messages li.success")).to_have_text("Zona waktu Anda tersimpan.")
    expect(automatic).to_be_checked()
    page.locator(f"header.top .account a[href='{reverse('people:account')}']").click()
    expect(page.locator("dd.time-zone")).to_have_text(
        "WITA (UTC+8) · zona waktu server (wilayah peran Anda tidak dalam satu zona)"
    )
    assert page.console_errors == []  # type: ignore[attr-defined]
