"""Browser tests for the Sinkronisasi page (a hub's programme team issues and revokes a node
token) and the lesson search page (a kecamatan user finds another village's lesson)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from rembuk.core.testing import region, user_with_role
from rembuk.learning import services as learning_services
from rembuk.people.models import Role
from rembuk.sync.models import NodeToken

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_programme_team_issues_a_node_token_once_and_revokes_it(
    page: Page, live_server
) -> None:
    user = user_with_role(Role.TIM_PROGRAM, "53")
    log_in(page, user.username)
    page.goto(reverse("sync:page"))
    expect(page.locator("h1")).to_be_visible()
    form = page.locator(f"form[action='{reverse('sync:token_create')}']")
    form.locator("input[name=region_code]").fill("53.18.11")
    form.locator("input[name=label]").fill("Laptop Kecamatan Kodi Balaghar")
    form.locator("button[type=submit]").click()
    token = NodeToken.objects.get(label="Laptop Kecamatan Kodi Balaghar")
    # The plain token is on this page once, with the command to run on the laptop; what is
    # stored is only its hash, and the page does not show it again.
    shown = page.locator("main p.code.big").inner_text().strip()
    assert len(shown) >= 20 and shown != token.token_hash
    expect(page.locator("main")).to_contain_text("node_init --hub")
    screenshot(page, "sync-token-issued")
    page.goto(reverse("sync:page"))
    expect(page.locator("main p.code.big")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(shown)
    page.locator(f"form[action='{reverse('sync:token_revoke', args=[token.pk])}'] button").click()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kecamatan_user_finds_a_lesson_of_another_village(page: Page, live_server) -> None:
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    neighbour = region("53.18.11.2001")
    lesson = learning_services.lesson_create(
        desa=neighbour,
        actor=None,
        happened_on=datetime.date(2024, 3, 28),
        what_happened="Penyuluh pertanian tidak hadir pada pertemuan kelompok tani",
        why="Jadwal penyuluh bentrok",
        what_was_tried="Meminta nomor kontak penyuluh dan menjadwalkan kunjungan",
        outcome="berhasil",
    )
    log_in(page, user.username)
    page.locator(f"header.top nav a[href='{reverse('learning:lesson_search')}']").click()
    page.locator("input[name=q]").fill("penyuluhnya tdk datang")
    page.locator("input[name=q]").press("Enter")
    result = page.locator(f"a[href='{reverse('learning:lesson_detail', args=[lesson.pk])}']").first
    expect(result).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    screenshot(page, "lesson-search")
    result.click()
    expect(page.locator("main")).to_contain_text("Meminta nomor kontak penyuluh")
    expect(page.locator("main")).to_contain_text(neighbour.name)
    assert page.console_errors == []  # type: ignore[attr-defined]
