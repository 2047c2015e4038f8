"""Browser test of the installation page: the programme team opens it from the menu and reads
the version, the database, the last backup, whether PDFs print as intended and each node's sync
lag."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import follow_menu, log_in, screenshot
from rembuk.core.testing import user_with_role
from rembuk.operations import services as operations_services
from rembuk.people.models import Role
from rembuk.sync import selectors as sync_selectors
from rembuk.sync import tokens

pytestmark = pytest.mark.django_db(transaction=True)


def _in_viewport(page: Page, locator) -> None:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["width"] > 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"]


def test_the_programme_team_reads_how_the_installation_is(
    page: Page, live_server, settings, tmp_path
):
    for name in ("media", "backups"):
        (tmp_path / name).mkdir()
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    backup = operations_services.backup_create()
    programme = user_with_role(Role.TIM_PROGRAM, "53")
    token, _plain = tokens.token_issue(
        region_code="53.18.11", label="Laptop Kodi Balaghar", actor=None
    )
    # What its node has not received yet (the region list): as the hub counts it for everyone.
    pending = next(
        row.pending for row in sync_selectors.tokens_overview(None) if row.token == token
    )
    log_in(page, programme.username)

    follow_menu(page, "operations:status")  # under "Lainnya"

    expect(page.get_by_role("heading", name="Instalasi", level=1)).to_be_visible()
    details = page.locator("main dl.pairs").first
    expect(details).to_contain_text("Rembuk ")
    expect(details).to_contain_text(str(tmp_path))
    last_backup = details.locator("dd").nth(3)
    expect(last_backup).to_contain_text(backup.path.name)
    _in_viewport(page, last_backup)
    # Whether PDFs print as the tests print them: the fonts and HarfBuzz's library installed.
    printing = page.locator("section").filter(
        has=page.get_by_role("heading", name="Pencetakan PDF", level=2)
    )
    expect(printing).to_contain_text("Huruf dan pustaka yang dipakai cetakan sudah terpasang.")
    printing.scroll_into_view_if_needed()
    _in_viewport(page, printing)
    row = page.get_by_role("row", name="Laptop Kodi Balaghar")
    expect(row).to_be_visible()
    expect(row.locator("td.num")).to_have_text(f"{pending:,}".replace(",", "."))
    assert page.console_errors == []  # type: ignore[attr-defined]
    screenshot(page, "installation-status")
