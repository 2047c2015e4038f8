"""Browser tests of sync by file (a "paket" carried on a USB stick): the hub's programme team
downloads a node's bundle, imports a laptop's bundle and retries a quarantined change; a
kecamatan laptop downloads its own changes and imports the hub's answer.

The other computer is a second Rembuk database in this process (rembuk.sync.tests.simnodes, as
the sync's own tests use): its bundles are made and read by the real sync code. It never runs
while the browser waits for the live server, whose node id it would borrow meanwhile.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Download, Locator, Page, expect

from e2e.conftest import DOCUMENT_WAIT_MS, in_viewport, log_in, screenshot
from rembuk.core import history
from rembuk.core.models import ChangeLog
from rembuk.core.nodes import local_node_id
from rembuk.core.testing import PlanFactory, region, user_with_role
from rembuk.people.models import Role
from rembuk.plans.models import LivelihoodPlan
from rembuk.sync import bundles, services, tokens
from rembuk.sync.models import NodeToken, Quarantine
from rembuk.sync.tests.simnodes import SimNode

pytestmark = pytest.mark.django_db(transaction=True)

KODI = "53.18.11"
DESA = "53.18.11.2006"
LAPTOP_LABEL = "Laptop Kecamatan Kodi Balaghar"
NOT_A_BUNDLE = "Paket ditolak: Berkas ini bukan paket sinkronisasi Rembuk."
ALTERED = (
    "Paket ditolak: Tanda tangan paket tidak cocok: paket sudah diubah atau bukan untuk tempat ini."
)


@pytest.fixture
def other_computer(tmp_path: Path) -> Iterator[Any]:
    """Make the other computer (its own SQLite database, the pilot regions loaded) on demand."""
    made: list[SimNode] = []

    def make(name: str, *, offset_ms: int = 0) -> SimNode:
        computer = SimNode(name, tmp_path, offset_ms=offset_ms)
        made.append(computer)
        return computer

    yield make
    for computer in made:
        computer.close()


def _laptop_of_this_hub(laptop: SimNode, live_server: Any) -> NodeToken:
    """What `node_init` does, carried in-process as the sync tests' transport does: the hub
    (the live server's database) issues a token for Kodi Balaghar, the laptop says hello with
    it and records the link."""
    token, plain = tokens.token_issue(region_code=KODI, label=LAPTOP_LABEL, actor=None)
    token = tokens.token_bind(token, laptop.name)
    hello = services.hub_hello(token, {"node_id": laptop.name})
    with laptop.active():
        services.node_link(hub_url=f"{live_server.url}/api/sync/", token=plain, hello=hello)
    return token


def _this_computer_a_node_of(hub: SimNode) -> NodeToken:
    """The live server made a kecamatan laptop of another hub, as `node_init` does."""
    here = local_node_id()
    with hub.active():
        token, plain = tokens.token_issue(region_code=KODI, label=LAPTOP_LABEL, actor=None)
        token = tokens.token_bind(token, here)
        hello = services.hub_hello(token, {"node_id": here})
    services.node_link(hub_url="http://hub.invalid/api/sync/", token=plain, hello=hello)
    return token


def _plan(notes: str = "") -> LivelihoodPlan:
    """A village plan in Kodi Balaghar, made on whichever computer is active."""
    plan: LivelihoodPlan = PlanFactory(desa=region(DESA), notes=notes)  # type: ignore[assignment]
    return plan


def _a_laptops_bundle(
    laptop: SimNode, live_server: Any, notes: str = ""
) -> tuple[LivelihoodPlan, bytes]:
    """A laptop of this hub records a village plan and makes its bundle for the hub: the plan
    (a record of the laptop's database) and the bundle's bytes."""
    _laptop_of_this_hub(laptop, live_server)
    with laptop.active():
        plan = _plan(notes=notes)
        return plan, bundles.bundle_export_from_node()


def _programme_team_on_the_sync_page(page: Page) -> None:
    user_with_role(Role.TIM_PROGRAM, "53", username="tim.program")
    log_in(page, "tim.program")
    page.goto(reverse("sync:page"))


def _bundle_file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _downloaded(page: Page, button: Locator) -> tuple[Download, bytes]:
    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as info:
        button.click()
    path = info.value.path()
    assert path is not None
    return info.value, Path(path).read_bytes()


def _import_through_the_picker(page: Page, bundle: Path) -> None:
    """Choose the file with the page's own file picker and press "Impor"."""
    section = page.locator("main section[aria-labelledby=bundle-title]")
    picker = section.locator(".file-pick")
    with page.expect_file_chooser() as chooser:
        picker.locator("label.button", has_text="Pilih berkas").click()
    chooser.value.set_files(str(bundle))
    expect(picker.locator(".file-name")).to_have_text(bundle.name)
    with page.expect_navigation():
        section.get_by_role("button", name="Impor").click()
    page.wait_for_load_state("networkidle")


def _message(page: Page, kind: str, text: str) -> None:
    message = page.locator(f"ul.messages li.{kind}")
    expect(message).to_have_text(text)
    in_viewport(page, f"ul.messages li.{kind}")


def test_the_programme_team_downloads_a_laptops_bundle_which_the_laptop_takes(
    page: Page, live_server: Any, other_computer: Any
) -> None:
    """The programme team presses "Paket untuk node ini" on the laptop's row and gets a file
    signed for that laptop and Kodi Balaghar, which the laptop imports with the hub's plan."""
    plan = _plan(notes="Rencana dicatat di kabupaten")
    laptop = other_computer("laptop-kodi")
    token = _laptop_of_this_hub(laptop, live_server)
    _programme_team_on_the_sync_page(page)
    row = page.locator("table.node-tokens tbody tr").filter(has_text=LAPTOP_LABEL)
    expect(row).to_contain_text("laptop-kodi")
    button = row.get_by_role("button", name="Paket untuk node ini")
    expect(button).to_be_visible()
    screenshot(page, "sync-token-bundle")
    download, data = _downloaded(page, button)
    assert download.suggested_filename.startswith("rembuk-hub-laptop-kodi-")
    assert download.suggested_filename.endswith(".rembuk")
    header, _signed, _signature = bundles._unpack(data)
    assert header["kind"] == "hub-to-node"
    assert header["to_node"] == "laptop-kodi" == NodeToken.objects.get(pk=token.pk).node_id
    assert header["region_code"] == KODI
    assert header["from_node"] == local_node_id()
    with laptop.active():
        result = bundles.bundle_import(data)
        assert result.applied >= 1 and result.refused == 0
        arrived = LivelihoodPlan.objects.get(pk=plan.pk)
        assert arrived.notes == "Rencana dicatat di kabupaten"
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_hub_imports_a_laptops_bundle_once_and_a_second_time_changes_nothing(
    page: Page, live_server: Any, other_computer: Any, tmp_path: Path
) -> None:
    """The programme team picks the laptop's bundle and presses "Impor": the page says how
    many changes were applied, in Indonesian; importing the same file again applies none."""
    laptop = other_computer("laptop-kodi")
    plan, data = _a_laptops_bundle(laptop, live_server, notes="Dicatat di laptop kecamatan")
    bundle = _bundle_file(tmp_path, "paket-kodi-balaghar.rembuk", data)
    _programme_team_on_the_sync_page(page)
    _import_through_the_picker(page, bundle)
    _message(page, "success", "Paket diimpor: 1 diterapkan, 0 sudah ada, 0 ditolak.")
    screenshot(page, "sync-bundle-imported-on-hub")
    assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "Dicatat di laptop kecamatan"
    logged = ChangeLog.objects.count()
    token = NodeToken.objects.get(label=LAPTOP_LABEL)
    assert token.push_cursor > 0 and token.last_seen_at is not None
    _import_through_the_picker(page, bundle)
    _message(page, "success", "Paket diimpor: 0 diterapkan, 1 sudah ada, 0 ditolak.")
    assert ChangeLog.objects.count() == logged
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", ["not_a_bundle", "altered"])
def test_a_damaged_file_is_refused_with_the_reason_and_changes_nothing(
    page: Page, live_server: Any, other_computer: Any, tmp_path: Path, damage: str
) -> None:
    """The programme team imports a file that is no bundle, or a laptop's bundle altered on the
    way: a red message says why in Indonesian, and the hub's records stay as they were."""
    laptop = other_computer("laptop-kodi")
    plan, exported = _a_laptops_bundle(laptop, live_server)
    data = bytearray(exported)
    if damage == "not_a_bundle":
        data = bytearray(b"PK\x03\x04 foto dari WhatsApp, bukan paket")
        expected = NOT_A_BUNDLE
    else:
        data[-20] ^= 0x01
        expected = ALTERED
    bundle = _bundle_file(tmp_path, "paket-kodi-balaghar.rembuk", bytes(data))
    _programme_team_on_the_sync_page(page)
    logged = ChangeLog.objects.count()
    _import_through_the_picker(page, bundle)
    _message(page, "error", expected)
    expect(page.locator("ul.messages li.success")).to_have_count(0)
    screenshot(page, f"sync-bundle-refused-{damage}")
    assert ChangeLog.objects.count() == logged
    assert not LivelihoodPlan.all_objects.filter(pk=plan.pk).exists()
    assert NodeToken.objects.get(label=LAPTOP_LABEL).push_cursor == 0
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kecamatan_laptop_sends_its_changes_by_file_and_imports_the_hubs_answer(
    page: Page, other_computer: Any, tmp_path: Path
) -> None:
    """On a kecamatan laptop with no internet, the kecamatan person downloads "Unduh paket untuk
    hub", the hub imports it and answers with its own bundle, which the person imports on the
    laptop: the hub's edit arrives and nothing waits to be sent any more."""
    hub = other_computer("hub-sbd")
    token = _this_computer_a_node_of(hub)
    # The kecamatan's people live on the hub and reach the laptop with the hub's first bundle.
    with hub.active():
        user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
        first = bundles.bundle_export_for_node(NodeToken.objects.get(pk=token.pk))
    bundles.bundle_import(first)
    plan = _plan(notes="Dicatat di laptop kecamatan")
    log_in(page, "camat.kodi")
    page.goto(reverse("sync:page"))
    state = page.locator("#sync-state")
    waiting = state.locator("dt", has_text="Perubahan yang menunggu dikirim").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(waiting).to_have_text("1")
    record = state.locator("table.sync-records tbody tr").filter(has_text=str(plan))
    expect(record.locator(".badge")).to_have_text("belum terkirim")
    button = state.get_by_role("button", name="Unduh paket untuk hub")
    expect(button).to_be_visible()
    download, data = _downloaded(page, button)
    assert download.suggested_filename.startswith("rembuk-node-")
    header, _signed, _signature = bundles._unpack(data)
    assert header["kind"] == "node-to-hub"
    assert header["from_node"] == local_node_id()
    assert header["to_node"] == "hub-sbd"
    assert header["region_code"] == KODI
    # At the kabupaten: the laptop's bundle is imported, the plan is edited, an answer made.
    with hub.active():
        at_hub = bundles.bundle_import(data)
        assert (at_hub.applied, at_hub.refused) == (1, 0)
        hub_plan = LivelihoodPlan.objects.get(pk=plan.pk)
        assert hub_plan.notes == "Dicatat di laptop kecamatan"
        history.update(hub_plan, actor=None, notes="Disetujui di kabupaten")
        answer = bundles.bundle_export_for_node(NodeToken.objects.get(pk=token.pk))
    bundle = _bundle_file(tmp_path, "paket-dari-kabupaten.rembuk", answer)
    page.goto(reverse("sync:page"))
    _import_through_the_picker(page, bundle)
    _message(page, "success", "Paket diimpor: 1 diterapkan, 0 sudah ada, 0 ditolak.")
    expect(waiting).to_have_text("0")
    expect(record.locator(".badge")).to_have_text("terkirim")
    screenshot(page, "sync-hub-bundle-imported-on-laptop")
    assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "Disetujui di kabupaten"
    assert services.hub_link().push_cursor > 0  # type: ignore[union-attr]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_change_quarantined_for_a_fast_clock_is_retried_from_the_page(
    page: Page, live_server: Any, other_computer: Any, tmp_path: Path, settings: Any
) -> None:
    """A laptop whose clock runs 14 hours ahead sends a bundle: its change waits in the hub's
    quarantine with the reason; "Coba lagi" says it still cannot be applied, and applies it once
    the hub accepts a clock that far ahead."""
    laptop = other_computer("laptop-kodi", offset_ms=14 * 3600 * 1000)
    plan, data = _a_laptops_bundle(laptop, live_server, notes="Dicatat dengan jam yang salah")
    bundle = _bundle_file(tmp_path, "paket-kodi-balaghar.rembuk", data)
    _programme_team_on_the_sync_page(page)
    expect(page.locator("main")).to_contain_text("Tidak ada yang dikarantina.")
    _import_through_the_picker(page, bundle)
    _message(page, "success", "Paket diimpor: 0 diterapkan, 0 sudah ada, 1 ditolak.")
    item = Quarantine.objects.get()
    assert item.code == "clock_ahead"
    assert not LivelihoodPlan.all_objects.filter(pk=plan.pk).exists()
    card = page.locator("main section[aria-labelledby=nodes-title] .card").filter(
        has_text="Jam komputer pengirim"
    )
    expect(card).to_contain_text("laptop-kodi")
    retry = card.get_by_role("button", name="Coba lagi")
    retry.scroll_into_view_if_needed()
    in_viewport(page, f"form[action='{reverse('sync:quarantine_retry', args=[item.pk])}'] button")
    screenshot(page, "sync-quarantine")
    with page.expect_navigation():
        retry.click()
    message = page.locator("ul.messages li.error")
    expect(message).to_contain_text("Perubahan ini masih belum dapat diterapkan: Jam komputer")
    in_viewport(page, "ul.messages li.error")
    item.refresh_from_db()
    assert item.released_at is None
    # The hub's administrator accepts clocks up to a day ahead (REMBUK_SYNC_MAX_CLOCK_AHEAD_HOURS).
    settings.REMBUK_SYNC_MAX_CLOCK_AHEAD = datetime.timedelta(hours=24)
    with page.expect_navigation():
        card.get_by_role("button", name="Coba lagi").click()
    _message(page, "success", "Perubahan sudah diterapkan.")
    expect(page.locator("main")).to_contain_text("Tidak ada yang dikarantina.")
    screenshot(page, "sync-quarantine-retried")
    item.refresh_from_db()
    assert item.released_at is not None
    assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "Dicatat dengan jam yang salah"
    assert page.console_errors == []  # type: ignore[attr-defined]
