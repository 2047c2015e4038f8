"""Browser tests of round 13's walk through the pages least looked at lately, each on a 360×740
phone and a 1366×768 laptop: what a person would trip over, measured as they would see it."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import in_viewport, log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services as meetings
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1366, "height": 768}
SCREENS = [pytest.param(SMALL_PHONE, id="phone"), pytest.param(LAPTOP, id="laptop")]


def _scroll_to(page: Page, selector: str) -> None:
    """Bring an element to the middle of the screen, as a person scrolls to what they read."""
    page.locator(selector).evaluate("element => element.scrollIntoView({block: 'center'})")


def _fits_the_width(page: Page) -> None:
    width = page.viewport_size["width"]  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_sheets_downloads_read_as_a_list(
    page: Page, screen: dict[str, int], language: str
) -> None:
    kecamatan = region("53.18.11")
    desa = kecamatan.children.order_by("code").first()
    full_plan(desa.code, goals=1, activities_per_goal=2)
    meeting = meetings.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=[desa], actor=None
    )
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi", language=language)
    page.set_viewport_size(screen)
    log_in(page, "camat.kodi")
    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]))
    links = page.locator(".sheet-downloads a")
    expect(links).to_have_count(6)
    expect(links.first).to_have_text("Poster A1" if language == "id" else "A1 poster")
    boxes = []
    for index in range(6):
        _scroll_to(page, f".sheet-downloads li:nth-child({index + 1}) a")
        in_viewport(page, f".sheet-downloads li:nth-child({index + 1}) a")
        box = links.nth(index).bounding_box()
        assert box is not None
        # In the page's coordinates: each link was scrolled to on its own.
        boxes.append({**box, "y": box["y"] + page.evaluate("window.scrollY")})
    dots = page.locator(".sheet-downloads li + li").evaluate_all(
        "items => items.map(item => getComputedStyle(item, '::before').content)"
    )
    if screen is SMALL_PHONE:
        # A row of buttons: each a thumb can hit, apart from its neighbour, no dot between.
        for box in boxes:
            assert box["height"] >= 40 and box["width"] >= 40, box
        for left, right in itertools.pairwise(boxes):
            if abs(left["y"] - right["y"]) < 1:  # on the same line
                assert right["x"] - (left["x"] + left["width"]) >= 6, (left, right)
        assert set(dots) == {"none"}
    else:
        # A line of words with dots between, as before.
        assert len({round(box["y"]) for box in boxes}) == 1, boxes
        assert all(box["height"] < 30 for box in boxes), boxes
        assert set(dots) == {'" · "'}
    _fits_the_width(page)
    screenshot(page, f"sheet-downloads-{language}-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", SCREENS)
def test_the_evaluation_forms_continue_box_sits_beside_its_words(
    page: Page, screen: dict[str, int]
) -> None:
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    goal = plan.goals.get()
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    page.set_viewport_size(screen)
    log_in(page, "camat.kodi")
    page.goto(reverse("evaluation:evaluation_edit", args=[plan.pk]))
    box_selector = f"input[name='{goal.pk}-carry_forward']"
    label_selector = f"label[for='id_{goal.pk}-carry_forward']"
    _scroll_to(page, label_selector)
    in_viewport(page, box_selector)
    in_viewport(page, label_selector)
    box = page.locator(box_selector).bounding_box()
    label = page.locator(label_selector).bounding_box()
    assert box and label
    # The box inside its label, on the label's first line, before the words.
    assert label["x"] <= box["x"] and box["y"] < label["y"] + 24, (box, label)
    expect(page.locator(label_selector)).to_contain_text("Lanjutkan")
    checked = page.locator(box_selector).is_checked()
    page.locator(label_selector).click()  # the words tick the box too
    assert page.locator(box_selector).is_checked() is not checked
    screenshot(page, f"evaluation-continue-{screen['width']}")


def _thumb_sized_and_on_screen(page: Page, selector: str) -> None:
    """Each element the selector names, scrolled to, is wholly on the screen and, on a phone,
    at least 40 px high (ADR 0016, round 12)."""
    found = page.locator(selector)
    assert found.count() >= 1, selector
    for index in range(found.count()):
        one = f"{selector} >> nth={index}"
        _scroll_to(page, one)
        in_viewport(page, one)
        if page.viewport_size == SMALL_PHONE:
            box = page.locator(one).bounding_box()
            assert box is not None and box["height"] >= 40, (one, box)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kabupaten_meetings_list_shows_every_column_on_a_phone(
    page: Page, screen: dict[str, int], language: str
) -> None:
    from rembuk.district.services import district_meeting_create

    for month in (2, 5):
        district_meeting_create(
            kabupaten=region("53.18"),
            date=datetime.date(2024, month, 9),
            place="Aula Bappeda Sumba Barat Daya, Tambolaka",
            actor=None,
        )
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="timkab.sbd", language=language)
    page.set_viewport_size(screen)
    log_in(page, "timkab.sbd")
    page.goto(reverse("district:kabupaten_meetings", args=["53.18"]) + "?tahun=2024")
    rows = page.locator("table.district-meetings tbody tr")
    expect(rows).to_have_count(2)
    # The agenda items' count, the last column, was past the edge of a sideways-scrolling
    # table on a phone ("Butir agen…"): now each meeting is a card with every value labelled.
    count_cell = "table.district-meetings tbody tr >> nth=0 >> td >> nth=3"
    _scroll_to(page, count_cell)
    in_viewport(page, count_cell)
    in_viewport(page, "table.district-meetings tbody tr >> nth=0 >> a")
    wrap = page.locator("table.district-meetings").locator("xpath=..")
    assert wrap.evaluate("element => element.scrollWidth <= element.clientWidth")
    label = page.locator(count_cell).evaluate("cell => getComputedStyle(cell, '::before').content")
    if screen is SMALL_PHONE:
        assert label == ('"Butir agenda"' if language == "id" else '"Agenda items"'), label
    else:
        assert label == "none"
        expect(page.locator("table.district-meetings thead th").last).to_be_visible()
    _fits_the_width(page)
    screenshot(page, f"kabupaten-meetings-{language}-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


def _agency_with_a_meeting() -> tuple[Any, Any]:
    """A kecamatan meeting of Wainyapu's plan, and Dinas Pertanian with its staff member
    `opd.distan` (an OPD of Sumba Barat Daya)."""
    from rembuk.core.testing import AgencyFactory, MembershipFactory, UserFactory

    distan = AgencyFactory(name="Dinas Pertanian", short_name="Distan")
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    meeting = meetings.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )
    staff = UserFactory(username="opd.distan")
    MembershipFactory(user=staff, role=Role.OPD, region=region("53.18"), agency=distan)
    return meeting, distan


@pytest.mark.parametrize("screen", SCREENS)
def test_an_agency_reaches_its_requests_and_their_steps_with_a_thumb(
    page: Page, screen: dict[str, int]
) -> None:
    from rembuk.district.tests.conftest import make_request

    meeting, distan = _agency_with_a_meeting()
    support = make_request(
        meeting, "Penjadwalan penyuluh pertanian ke desa", agency=distan, status="diterima"
    )
    page.set_viewport_size(screen)
    log_in(page, "opd.distan")
    # The agency's home: the link to all of its requests under its own card.
    page.goto(reverse("home:index"))
    every = f"main p.tap-links a[href='{reverse('support:request_list')}']"
    _thumb_sized_and_on_screen(page, every)
    page.goto(reverse("support:request_detail", args=[support.id]))
    _thumb_sized_and_on_screen(page, f"main a[href='{reverse('support:request_list')}']")
    # The folded steps open from their titles, each a target a thumb can hit.
    _thumb_sized_and_on_screen(page, "details.step-form > summary")
    page.locator("#step-note > summary").click()
    expect(page.locator("#note-text")).to_be_visible()
    _fits_the_width(page)
    screenshot(page, f"agency-request-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_hubs_node_tokens_read_as_cards_on_a_phone(page: Page, screen: dict[str, int]) -> None:
    user_with_role(Role.TIM_PROGRAM, "53", username="tim.program")
    page.set_viewport_size(screen)
    log_in(page, "tim.program")
    page.goto(reverse("sync:page"))
    # No token yet: a sentence, not an empty table's heading row.
    expect(page.locator("table.node-tokens")).to_have_count(0)
    expect(page.locator("#nodes-title + p.muted")).to_be_visible()
    page.locator("input[name=region_code]").fill("53.18.11")
    page.locator("input[name=label]").fill("Laptop Kecamatan Kodi Balaghar")
    page.locator("input[name=label]").press("Enter")
    page.wait_for_load_state("networkidle")
    page.goto(reverse("sync:page"))
    table = page.locator("table.node-tokens")
    expect(table).to_contain_text("Laptop Kecamatan Kodi Balaghar")
    wrap = table.locator("xpath=..")
    assert wrap.evaluate("element => element.scrollWidth <= element.clientWidth")
    _thumb_sized_and_on_screen(page, "table.node-tokens button")
    _thumb_sized_and_on_screen(page, "table.node-tokens .lost-laptop > summary")
    if screen is SMALL_PHONE:
        # A value's label reads as the other labels, not in the value's typewriter letters.
        region_label = page.locator("table.node-tokens td.code").evaluate(
            "cell => getComputedStyle(cell, '::before').fontFamily"
        )
        assert "mono" not in region_label, region_label
    _fits_the_width(page)
    screenshot(page, f"sync-node-tokens-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_dashboard_tables_village_links_fit_a_thumb(page: Page, screen: dict[str, int]) -> None:
    from rembuk.programme.tests.records import make_meeting

    kecamatan = region("53.18.11")
    desas = list(kecamatan.children.order_by("code")[:3])
    for desa in desas:
        full_plan(desa.code, goals=1, activities_per_goal=1)
    make_meeting(kecamatan, datetime.date(datetime.date.today().year, 3, 28), desas)
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    page.set_viewport_size(screen)
    log_in(page, "camat.kodi")
    page.goto(reverse("programme:dashboard"))
    # The first column of a dashboard's table names a village or a kecamatan and opens it:
    # 17 px of text on a phone, in rows a thumb could miss.
    links = "table.dash-table th[scope=row] a"
    expect(page.locator(links).first).to_be_visible()
    for index in range(min(3, page.locator(links).count())):
        _thumb_sized_and_on_screen(page, f"{links} >> nth={index}")
    _fits_the_width(page)
    screenshot(page, f"dashboard-table-links-{screen['width']}")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_persons_roles_read_role_then_region(page: Page, screen: dict[str, int]) -> None:
    user_with_role(Role.TIM_PROGRAM, "53", username="tim.program")
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="timkab.sbd")
    page.set_viewport_size(screen)
    log_in(page, "tim.program")
    page.goto(reverse("people:user_list") + "?q=timkab.sbd")
    roles = page.locator("main .memberships li").filter(has_text="Sumba Barat Daya")
    expect(roles).to_have_count(1)
    role = roles.locator(".membership-role")
    region_link = roles.locator("a")
    _thumb_sized_and_on_screen(page, "main .memberships li:has-text('Sumba Barat Daya') a")
    role_box, link_box = role.bounding_box(), region_link.bounding_box()
    assert role_box and link_box
    if screen is SMALL_PHONE:
        # The role on its line, the region's link under it; no dot left at a line's end.
        expect(roles.locator(".separator")).to_be_hidden()
        assert link_box["y"] >= role_box["y"] + role_box["height"] - 1, (role_box, link_box)
    else:
        expect(roles.locator(".separator")).to_be_visible()
        assert (
            abs(link_box["y"] + link_box["height"] / 2 - role_box["y"] - role_box["height"] / 2) < 6
        )
    _fits_the_width(page)
    screenshot(page, f"people-roles-{screen['width']}")


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(
    ("language", "choose", "none"),
    [("id", "Pilih berkas", "Belum ada berkas dipilih"), ("en", "Choose a file", "No file chosen")],
)
def test_a_file_field_speaks_the_pages_language(
    page: Page, screen: dict[str, int], language: str, choose: str, none: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    user_with_role(Role.TIM_PROGRAM, "53", username="tim.program", language=language)
    page.set_viewport_size(screen)
    log_in(page, "tim.program")
    page.goto(reverse("sync:page"))
    # The browser's own control said "Choose File · No file chosen" in the browser's
    # language, whatever the page's.
    picker = page.locator("main .file-pick")
    expect(picker.locator("label.button")).to_have_text(choose)
    expect(picker.locator(".file-name")).to_have_text(none)
    _thumb_sized_and_on_screen(page, "main .file-pick label.button")
    hidden = picker.locator("input[type=file]").bounding_box()
    assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1, hidden
    bundle = tmp_path / "paket-kodi-balaghar.rembuk"
    bundle.write_bytes(b"not a bundle")
    with page.expect_file_chooser() as chooser:
        picker.locator("label.button").click()
    chooser.value.set_files(str(bundle))
    expect(picker.locator(".file-name")).to_have_text("paket-kodi-balaghar.rembuk")
    in_viewport(page, "main .file-pick .file-name")
    _fits_the_width(page)
    screenshot(page, f"file-field-{language}-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", SCREENS)
def test_an_agencys_request_list_offers_no_filter_with_one_choice(
    page: Page, screen: dict[str, int]
) -> None:
    from rembuk.core.testing import AgencyFactory
    from rembuk.district.tests.conftest import make_request

    meeting, distan = _agency_with_a_meeting()
    disnak = AgencyFactory(name="Dinas Peternakan", short_name="Disnak")
    make_request(meeting, "Kunjungan penyuluh pertanian", agency=distan, status="diterima")
    make_request(meeting, "Pemeriksaan babi yang sakit", agency=disnak, status="diterima")
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="timkab.sbd")
    page.set_viewport_size(screen)
    # The agency sees its own requests: "every agency" over one agency, "every kecamatan"
    # over one kecamatan filtered nothing and pushed its list a screen down on a phone.
    log_in(page, "opd.distan")
    page.goto(reverse("support:request_list"))
    expect(page.locator("#request-results")).to_contain_text("Kunjungan penyuluh pertanian")
    expect(page.locator("#filter-agency")).to_have_count(0)
    expect(page.locator("#filter-kecamatan")).to_have_count(0)
    expect(page.locator("#filter-status")).to_be_visible()
    in_viewport(page, "#request-results a")
    # The kabupaten team, with two agencies among its requests, can still choose one.
    page.context.clear_cookies()
    log_in(page, "timkab.sbd")
    page.goto(reverse("support:request_list"))
    expect(page.locator("#filter-agency option")).to_have_count(3)
    page.locator("#filter-agency").select_option(label="Disnak")
    expect(page.locator("#request-results")).not_to_contain_text("Kunjungan penyuluh")
    expect(page.locator("#request-results")).to_contain_text("Pemeriksaan babi")
    if screen["width"] > 640:
        # One row on a laptop, the button beside the last filter: it stood at the page's far
        # right, and the second filter halfway across, as if they were apart.
        last = page.locator("form.request-filters select").last.bounding_box()
        button = page.locator("form.request-filters button[type=submit]").bounding_box()
        assert last is not None and button is not None
        assert 0 <= button["x"] - (last["x"] + last["width"]) <= 32, (last, button)
    _fits_the_width(page)
    assert page.console_errors == []  # type: ignore[attr-defined]


# --- Round 14: what was left from round 13's walk on a 360×740 phone ------------------------

# Room Chromium keeps for a closed <select>'s arrow, beside its text.
SELECT_ARROW = 24

_TEXT_AND_ROOM = """(element, arrow) => {
    const style = getComputedStyle(element);
    const select = element.tagName === "SELECT";
    const text = select ? element.selectedOptions[0].text : element.placeholder;
    const pen = document.createElement("canvas").getContext("2d");
    pen.font = style.font;
    const room = element.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight) - (select ? arrow : 0);
    return {text, needed: pen.measureText(text).width, room};
}"""


def _reads_whole(page: Page, selector: str) -> str:
    """What a closed <select> shows (its chosen option) or an empty field's placeholder, which
    the control cuts where its box ends: it must fit. Returns the text."""
    shown = page.locator(selector).evaluate(_TEXT_AND_ROOM, SELECT_ARROW)
    assert shown["needed"] <= shown["room"], (selector, shown)
    return str(shown["text"])


def _no_placeholder_is_cut(page: Page) -> None:
    """No field on the page holds a placeholder longer than its box."""
    fields = page.locator("input[placeholder]:visible")
    for index in range(fields.count()):
        _reads_whole(page, f"input[placeholder]:visible >> nth={index}")


LONG_AGENCY = "Dinas Perindustrian, Perdagangan, Koperasi dan UKM"


def _long_named_agency() -> Any:
    from rembuk.core.testing import AgencyFactory

    AgencyFactory(name="Dinas Pertanian dan Ketahanan Pangan", short_name="Distan")
    return AgencyFactory(name=LONG_AGENCY, short_name="Perindagkop")


def _a_kecamatan_meeting() -> Any:
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    return meetings.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )


def _chosen_agency_reads_whole(page: Page, selector: str, agency: Any) -> None:
    _scroll_to(page, selector)
    in_viewport(page, selector)
    assert _reads_whole(page, selector) == "Perindagkop"
    # The full name is still there, as the option's title; the value is the agency's id.
    chosen = page.locator(selector).locator("option:checked")
    expect(chosen).to_have_attribute("title", LONG_AGENCY)
    expect(page.locator(selector)).to_have_value(str(agency.pk))


@pytest.mark.parametrize("screen", SCREENS)
def test_a_followups_chosen_agency_reads_whole_and_saves_as_before(
    page: Page, screen: dict[str, int]
) -> None:
    from rembuk.meetings.models import FollowUp

    agency = _long_named_agency()
    meeting = _a_kecamatan_meeting()
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    page.set_viewport_size(screen)
    log_in(page, "camat.kodi")
    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]))
    form = page.locator("form.entry:has(select[name=owner_agency])").first
    form.locator("textarea[name=text]").fill("Pelatihan pengemasan kopi untuk kelompok tani")
    expect(form.locator(".status-saved")).to_be_visible()
    with page.expect_response(lambda response: response.request.method == "POST"):
        form.locator("select[name=owner_agency]").select_option(str(agency.pk))
    with page.expect_response(lambda response: response.request.method == "POST"):
        form.locator("select[name=owner]").select_option("opd")  # the agency does it
    page.wait_for_load_state("networkidle")
    # "Dinas Perindustrian, Perdagangan, Koperasi dan UKM" was cut after a few words
    # ("Perindagkop — D…" on a phone): the closed list shows the short name, whole.
    select_id = form.locator("select[name=owner_agency]").get_attribute("id")
    _chosen_agency_reads_whole(page, f"#{select_id}", agency)
    saved = FollowUp.objects.get(text="Pelatihan pengemasan kopi untuk kelompok tani")
    assert saved.owner_agency_id == agency.pk
    page.reload()
    saved_select = f"select[name=owner_agency]:has(option:checked[value='{agency.pk}'])"
    _chosen_agency_reads_whole(page, saved_select, agency)
    _fits_the_width(page)
    screenshot(page, f"followup-agency-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_requests_and_an_agenda_items_chosen_agency_reads_whole(
    page: Page, screen: dict[str, int]
) -> None:
    from rembuk.district import services as district
    from rembuk.district.tests.conftest import make_request

    agency = _long_named_agency()
    meeting = _a_kecamatan_meeting()
    support = make_request(meeting, "Pelatihan pengemasan kopi", agency=agency, status="diajukan")
    agenda_meeting = district.district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2024, 4, 18), place="Aula Bappeda", actor=None
    )
    items = district.agenda_build(meeting=agenda_meeting, actor=None)
    district.agenda_item_save(item=items[0], actor=None, assigned_agency=agency)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="timkab.sbd")
    page.set_viewport_size(screen)
    log_in(page, "timkab.sbd")
    # Accepting the request for an agency: the list showed "Dinas Perindustrian, Perdag…".
    page.goto(reverse("support:request_detail", args=[support.id]))
    _chosen_agency_reads_whole(page, "#accept-agency", agency)
    # An agenda item's new assignment: "Dinas Perindustrian, …" cut at 242 px.
    page.goto(reverse("district:meeting_detail", args=[agenda_meeting.id]))
    _chosen_agency_reads_whole(page, f"#agency-{items[0].id}", agency)
    _fits_the_width(page)
    screenshot(page, f"agenda-agency-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(
    ("language", "region_hint", "topic_hint"),
    [
        ("id", "misalnya Wainyapu, Kodi, atau 53.18.11", "Contoh: Persiapan Musrenbang Kabupaten"),
        (
            "en",
            "e.g. Wainyapu, Kodi or 53.18.11",
            "For example: Preparing the Musrenbang Kabupaten",
        ),
    ],
)
def test_a_fields_example_reads_whole_beside_it(
    page: Page, screen: dict[str, int], language: str, region_hint: str, topic_hint: str
) -> None:
    from rembuk.district.services import district_meeting_create

    meeting = _a_kecamatan_meeting()
    agenda_meeting = district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2024, 4, 18), place="Aula Bappeda", actor=None
    )
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="timkab.sbd", language=language)
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi", language=language)
    page.set_viewport_size(screen)
    log_in(page, "timkab.sbd")
    # The placeholders "…atau 53.18.1" and "Contoh: Persiapan Musrenbang Kabupat" were cut at
    # 360 px: each example is a line of its own, tied to its field.
    for url, field, hint in (
        (reverse("regions:region_list"), "#region-q", region_hint),
        (reverse("district:meeting_detail", args=[agenda_meeting.id]), "#topic-title", topic_hint),
    ):
        page.goto(url)
        _the_hint_of(page, field, hint)
    page.context.clear_cookies()
    log_in(page, "camat.kodi")
    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]))
    representatives = (
        "Nama dan jabatan, misalnya Kepala Desa, Ketua Tim Desa"
        if language == "id"
        else "Names and roles, e.g. Kepala Desa, Ketua Tim Desa"
    )
    _the_hint_of(page, "#representatives", representatives)
    screenshot(page, f"field-hints-{language}-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


def _the_hint_of(page: Page, field: str, hint: str) -> None:
    """The field's example is a visible line beside it (under it, or between its label and
    it), named by its aria-describedby, wholly on the screen; no placeholder is cut."""
    hint_id = page.locator(field).get_attribute("aria-describedby")
    assert hint_id, field
    expect(page.locator(f"#{hint_id}")).to_have_text(hint)
    _scroll_to(page, field)
    in_viewport(page, field)
    in_viewport(page, f"#{hint_id}")
    field_box = page.locator(field).bounding_box()
    hint_box = page.locator(f"#{hint_id}").bounding_box()
    assert field_box and hint_box
    # Right under the field, or right above it: never beside the button or a screen away.
    gap = max(
        hint_box["y"] - field_box["y"] - field_box["height"],
        field_box["y"] - hint_box["y"] - hint_box["height"],
    )
    assert -1 <= gap <= 16, (field_box, hint_box)
    _no_placeholder_is_cut(page)
    _fits_the_width(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_forms_labels_end_without_a_colon(page: Page, screen: dict[str, int]) -> None:
    meeting = _a_kecamatan_meeting()
    user_with_role(Role.TIM_PROGRAM, "53", username="tim.program")
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    page.set_viewport_size(screen)
    log_in(page, "tim.program")
    # The sync page's forms were drawn by as_div: "Kode wilayah:", "Berkas paket:".
    page.goto(reverse("sync:page"))
    _labels_read_plain(page, "main form label[for^=id_]", {"Kode wilayah", "Nama node"})
    page.context.clear_cookies()
    log_in(page, "camat.kodi")
    # The close form, drawn by as_div when a sheet is empty, and its copy on the meeting page.
    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]))
    _labels_read_plain(page, "#close label", {"Tanggal pertemuan berikutnya"})
    page.locator("#close button[type=submit]").click()
    expect(page.locator(".empty-villages")).to_be_visible()
    _labels_read_plain(page, "main form label[for^=id_]", {"Tanggal pertemuan berikutnya"})
    screenshot(page, f"close-form-labels-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


def _labels_read_plain(page: Page, selector: str, expected: set[str]) -> None:
    labels = page.locator(selector)
    texts = [text.strip() for text in labels.all_inner_texts()]
    assert expected <= set(texts), texts
    assert not [text for text in texts if text.endswith(":")], texts
    for index in range(labels.count()):
        if labels.nth(index).is_visible():
            _scroll_to(page, f"{selector} >> nth={index}")
            in_viewport(page, f"{selector} >> nth={index}")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_kecamatans_dashboard_does_not_repeat_its_own_name_in_every_row(
    page: Page, screen: dict[str, int]
) -> None:
    from rembuk.programme.tests.records import make_meeting

    kecamatan = region("53.18.11")
    desas = list(kecamatan.children.order_by("code")[:3])
    for desa in desas:
        full_plan(desa.code, goals=1, activities_per_goal=1)
    make_meeting(kecamatan, datetime.date(datetime.date.today().year, 3, 28), desas)
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    page.set_viewport_size(screen)
    log_in(page, "camat.kodi")
    page.goto(reverse("programme:dashboard"))
    table = page.locator("#tahapan-desa table.dash-table")
    # Every row said "Kodi Balaghar", the dashboard's own kecamatan, and pushed the stage's
    # status past the edge of a phone.
    expect(table.locator("thead th")).to_have_text(["Desa", "Tahap saat ini", "Status", "Tanggal"])
    expect(table.locator("tbody td", has_text="Kodi Balaghar")).to_have_count(0)
    status = "#tahapan-desa table.dash-table tbody tr >> nth=0 >> td >> nth=1"
    expect(page.locator(status)).not_to_be_empty()
    _scroll_to(page, status)
    in_viewport(page, status)
    in_viewport(page, "#tahapan-desa table.dash-table tbody tr >> nth=0 >> th a")
    _fits_the_width(page)
    screenshot(page, f"kecamatan-dashboard-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]
