"""Browser test: a kecamatan person presses "Sinkronkan sekarang" while the hub cannot be
reached and reads, on the first screen of a laptop and of a phone, what happened, that nothing
is lost and what to do; the technical detail opens for the person who looks after Rembuk."""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import LAPTOP, in_viewport, log_in, screenshot
from rembuk.core.testing import user_with_role
from rembuk.people.models import Role
from rembuk.sync.models import HubLink

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_PHONE = {"width": 360, "height": 740}
HEADLINE = {
    "id": "Komputer ini tidak dapat menghubungi hub kabupaten.",
    "en": "This computer could not reach the kabupaten's hub.",
}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("viewport", [LAPTOP, SMALL_PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_failed_sync_tells_what_to_do_on_the_first_screen_and_opens_the_detail(
    page: Page, settings, tmp_path, viewport: dict[str, int], language: str
) -> None:
    settings.DATA_DIR = tmp_path  # the sync lock, of this test's own
    HubLink.objects.create(
        hub_url=f"http://127.0.0.1:{_closed_port()}/api/sync/",
        token="rbk_x",
        region_code="53.18.11",
    )
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    user.language = language
    user.save(update_fields=["language"])
    page.set_viewport_size(viewport)
    log_in(page, user.username)
    page.goto(reverse("sync:page"))
    expect(page.locator(".sync-problem")).to_have_count(0)
    with page.expect_navigation():
        page.locator(f"form[action='{reverse('sync:sync_now')}'] button").click()
    problem = page.locator(".sync-problem")
    expect(problem).to_contain_text(HEADLINE[language])
    in_viewport(page, ".sync-problem")
    detail = problem.locator("details.sync-problem-detail")
    expect(detail.locator(".code")).to_be_hidden()
    screenshot(page, f"sync-problem-{language}-{viewport['width']}")
    detail.locator("summary").click()
    expect(detail.locator(".code")).to_be_visible()
    expect(detail.locator(".code")).to_contain_text("Connection refused")
    screenshot(page, f"sync-problem-{language}-{viewport['width']}-detail")
    assert page.console_errors == []  # type: ignore[attr-defined]
