import dataclasses
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from rembuk.core import history
from rembuk.core.testing import MembershipFactory, region, user_with_role
from rembuk.learning.models import Theme
from rembuk.monitoring.models import ActivityStatus
from rembuk.people.models import Agency
from rembuk.programme import documents, rollups
from rembuk.programme.models import Stage, StageProgress
from rembuk.programme.tests.records import (
    KODI_BALAGHAR,
    SUMBA_BARAT_DAYA,
    TELUK_WARU,
    WAILANGIRA,
    WAINYAPU,
    WARU,
    agency,
    make_lesson,
    make_meeting,
    make_plan,
    make_request,
    make_review,
)
from rembuk.regions.models import Region
from rembuk.reports import background
from rembuk.reports.exports import XLSX
from rembuk.reports.models import DocumentExport
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db

YEAR = 2024


def login(client, role, code):
    user = user_with_role(role, code, language="en")
    client.force_login(user)
    return user


def village_year(kecamatan_code, desa_codes, year=YEAR):
    """A year of records for each desa: an adopted plan, a review with progress, one meeting
    of the kecamatan, a support request and a lesson."""
    kecamatan = region(kecamatan_code)
    desas = [region(code) for code in desa_codes]
    meeting = make_meeting(kecamatan, datetime.date(year, 3, 28), desas)
    make_meeting(kecamatan, datetime.date(year, 11, 20), desas, closed=False)
    distan = Agency.objects.filter(short_name=f"Distan{kecamatan_code}").first() or agency(
        f"Distan{kecamatan_code}", kecamatan.kabupaten_code()
    )
    for desa in desas:
        plan, acts = make_plan(desa, adopted_on=datetime.date(year, 1, 16))
        make_review(
            desa,
            plan,
            datetime.date(year, 3, 1),
            {acts[0]: ActivityStatus.DONE, acts[1]: ActivityStatus.BLOCKED},
        )
        make_request(meeting, desa, agency=distan)
        make_lesson(desa, datetime.date(year, 3, 28), [Theme.MARKETING, Theme.PESTS])
    return meeting


def test_the_stages_page_shows_eight_stages_and_edit_links_for_the_kecamatan(client):
    make_plan(region(WAINYAPU), adopted_on=datetime.date(2024, 1, 16))
    login(client, "kecamatan", KODI_BALAGHAR)
    page = client.get(reverse("programme:desa_stages", args=[WAINYAPU]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="stage stage-') == 8
    assert "stage stage-selesai" in html  # stage 5 from the adopted plan
    assert reverse("programme:stage_edit", args=[WAINYAPU, 1]) in html


def test_a_village_reads_its_stages_but_cannot_set_them(client):
    login(client, "tim_desa", WAINYAPU)
    page = client.get(reverse("programme:desa_stages", args=[WAINYAPU]))
    assert page.status_code == 200
    assert reverse("programme:stage_edit", args=[WAINYAPU, 1]) not in page.content.decode()
    assert client.get(reverse("programme:stage_edit", args=[WAINYAPU, 1])).status_code == 403


def test_a_desa_outside_the_users_region_is_404(client):
    login(client, "kecamatan", KODI_BALAGHAR)
    assert client.get(reverse("programme:desa_stages", args=[WARU])).status_code == 404
    assert client.get(reverse("programme:stage_edit", args=[WARU, 2])).status_code == 404
    assert client.get(reverse("programme:stage_edit", args=[WAINYAPU, 9])).status_code == 404


def test_the_kabupaten_team_sets_a_stage_by_hand(client):
    login(client, "tim_kabupaten", SUMBA_BARAT_DAYA)
    url = reverse("programme:stage_edit", args=[WAINYAPU, Stage.TRAINERS])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"status": "selesai", "date": "2023-09-14", "done_by": "Tim program", "note": ""}
    )
    assert response.status_code == 302
    row = StageProgress.objects.get()
    assert (row.stage, row.status, row.date, row.done_by) == (
        2,
        "selesai",
        datetime.date(2023, 9, 14),
        "Tim program",
    )


def test_a_future_date_is_refused_with_a_message_on_the_form(client):
    login(client, "tim_program", "53")
    future = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(
        reverse("programme:stage_edit", args=[WAINYAPU, 1]),
        {"status": "selesai", "date": future, "done_by": ""},
    )
    assert response.status_code == 200
    assert "future" in response.content.decode()
    assert not StageProgress.objects.exists()


def test_each_dashboard_is_limited_to_the_viewers_region(client):
    village_year(KODI_BALAGHAR, [WAINYAPU])
    village_year(TELUK_WARU, [WARU])
    login(client, "kecamatan", KODI_BALAGHAR)
    html = client.get(reverse("programme:dashboard") + "?tahun=2024").content.decode()
    assert "Kodi Balaghar" in html and "Teluk Waru" not in html
    assert client.get(reverse("programme:region_dashboard", args=["53.18"])).status_code == 404
    assert client.get(reverse("programme:region_dashboard", args=[TELUK_WARU])).status_code == 404

    login(client, "tim_kabupaten", SUMBA_BARAT_DAYA)
    html = client.get(reverse("programme:dashboard") + "?tahun=2024").content.decode()
    assert "Kodi Balaghar" in html and "Teluk Waru" not in html
    # Only the programme's villages count: a kecamatan with no plan, review or meeting is left
    # out rather than shown as a row of zeros.
    assert "Wewewa Barat" not in html
    region_page = client.get(reverse("programme:region_dashboard", args=[KODI_BALAGHAR]))
    assert region_page.status_code == 200

    programme = login(client, "tim_program", "53")
    MembershipFactory(user=programme, role="tim_program", region=region("81"))
    program = client.get(reverse("programme:dashboard") + "?tahun=2024")
    assert program.context["board"].scope.region is None  # both provinsi: the programme
    programme_page = program.content.decode()
    # The programme dashboard opens each kabupaten's own, and numbers' headers align with them.
    assert reverse("programme:region_dashboard", args=["53.18"]) in programme_page
    assert reverse("programme:region_dashboard", args=["81.05"]) in programme_page
    assert '<th scope="col" class="num">' in programme_page
    assert "Kodi Balaghar" in program.content.decode()
    assert "Teluk Waru" in program.content.decode()

    client.force_login(user_with_role("tim_program", "81"))
    maluku = client.get(reverse("programme:dashboard") + "?tahun=2024").content.decode()
    assert "Teluk Waru" in maluku and "Kodi Balaghar" not in maluku


def test_village_roles_have_no_dashboard(client):
    login(client, "tim_desa", WAINYAPU)
    assert client.get(reverse("programme:dashboard")).status_code == 403


def test_the_year_defaults_to_the_latest_year_with_a_meeting_and_links_the_others(client):
    village_year(KODI_BALAGHAR, [WAINYAPU], year=2023)
    village_year(KODI_BALAGHAR, ["53.18.11.2001"], year=2024)
    login(client, "kecamatan", KODI_BALAGHAR)
    page = client.get(reverse("programme:dashboard"))
    board = page.context["board"]
    assert board.year == 2024  # no meeting in this year: the latest with one
    html = page.content.decode()
    assert "?tahun=2023" in html and f"?tahun={timezone.localdate().year}" in html
    older = client.get(reverse("programme:dashboard") + "?tahun=2023").context["board"]
    assert older.year == 2023
    meetings = older.tables["pertemuan"].rows
    assert meetings == [["Kodi Balaghar", 1, 1, 2]]  # one kabupaten: no kabupaten column


def test_the_dashboard_tables_count_what_was_recorded(client):
    village_year(KODI_BALAGHAR, [WAINYAPU, "53.18.11.2001"])
    login(client, "kecamatan", KODI_BALAGHAR)
    board = client.get(reverse("programme:dashboard") + "?tahun=2024").context["board"]
    stages = dict(board.tables["tahapan"].rows)
    assert stages["7. " + str(Stage.SUPPORT.label)] == 2  # plan, review, open request
    activities = board.tables["kegiatan"]
    row = activities.rows[0]
    done = activities.headers.index(str(ActivityStatus.DONE.label))
    blocked = activities.headers.index(str(ActivityStatus.BLOCKED.label))
    assert (row[done], row[blocked], row[-1]) == (2, 2, 4)
    requests = board.tables["dukungan"].rows
    assert requests[0][0] == "Distan53.18.11"
    submitted = board.tables["dukungan"].headers.index(str(SupportRequest.Status.SUBMITTED.label))
    assert requests[0][submitted] == 2
    age = (timezone.localdate() - datetime.date(YEAR, 3, 28)).days
    assert requests[0][-2:] == [age, age]
    themes = dict(board.tables["tema"].rows)
    assert themes[str(Theme.MARKETING.label)] == 2
    quiet = [row[0] for row in board.tables["tanpa-catatan"].rows]
    assert "Wainyapu" in quiet  # its last review was in March 2024


def test_a_village_with_a_recent_review_and_meeting_is_not_listed_as_quiet(client):
    desa = region(WAINYAPU)
    today = timezone.localdate()
    make_plan(desa)
    make_plan(region("53.18.11.2001"))
    make_review(desa, None, today - datetime.timedelta(days=20))
    make_meeting(region(KODI_BALAGHAR), today - datetime.timedelta(days=10), [desa])
    login(client, "kecamatan", KODI_BALAGHAR)
    board = client.get(reverse("programme:dashboard")).context["board"]
    quiet = [row[0] for row in board.tables["tanpa-catatan"].rows]
    assert "Wainyapu" not in quiet and "Wailangira" in quiet
    assert "Panenggo Ede" not in quiet  # no plan: not expected to hold reviews


def test_each_section_links_its_own_xlsx_as_reverse_writes_it(client):
    """The links are written from URLs reversed once per process with placeholders: a region's
    page links its region's files, the person's own dashboard its own."""
    village_year(KODI_BALAGHAR, [WAINYAPU])
    login(client, "tim_kabupaten", SUMBA_BARAT_DAYA)
    own = client.get(reverse("programme:dashboard") + "?tahun=2024")
    region_page = client.get(reverse("programme:region_dashboard", args=[KODI_BALAGHAR]))
    for section in own.context["sections"]:
        assert section.xlsx_url == reverse("programme:dashboard_xlsx", args=[section.key])
    keys = [section.key for section in region_page.context["sections"]]
    assert keys
    for section in region_page.context["sections"]:
        expected = reverse("programme:region_dashboard_xlsx", args=[KODI_BALAGHAR, section.key])
        assert section.xlsx_url == expected
        assert f'href="{expected}?tahun=' in region_page.content.decode()
    stages = reverse("programme:desa_stages", args=[WAINYAPU])
    assert f'href="{stages}"' in region_page.content.decode()


def test_a_tables_fingerprint_changes_with_each_of_its_fields():
    """The drawn sections' key: a table differing in any field, a later one too, is another
    key (a field the fingerprint left out would show a stale section)."""
    from rembuk.programme.tables import Table

    table = Table(
        key="tahapan",
        title="Tahap",
        headers=["Desa", "Jumlah"],
        rows=[["Wainyapu", 1], ["Kahale", datetime.date(2024, 3, 1)]],
        links=["/a/", None],
        note="catatan",
        series_columns=[1],
        total=9,
        scope_columns=frozenset({1}),
    )
    hash(table.fingerprint())
    changed = {
        "key": "tema",
        "title": "Tema",
        "headers": ["Desa", "Desa"],
        "rows": [["Wainyapu", 1], ["Kahale", datetime.date(2024, 3, 2)]],
        "links": ["/a/", "/b/"],
        "note": "",
        "series_columns": [],
        "total": 10,
        "scope_columns": frozenset(),
    }
    assert set(changed) == {f.name for f in dataclasses.fields(Table)}
    for name, value in changed.items():
        other = dataclasses.replace(table, **{name: value})
        assert other.fingerprint() != table.fingerprint(), name
    assert dataclasses.replace(table).fingerprint() == table.fingerprint()


def sections_of(response) -> str:
    """The dashboard's sections as the page writes them (the frame around them holds a new
    CSRF token on every page)."""
    html = response.content.decode()
    return html[html.index('<section class="dash-section"') : html.rindex("</section>")]


def test_a_dashboard_read_again_is_drawn_again_only_when_what_it_shows_changed(client):
    """Its sections are kept by every value they are drawn from (rembuk.core.drawn): read
    again unchanged, they are the same drawing (their charts keep their ids, which each drawing
    numbers anew); a new village, a renamed one or another language is a new drawing, never a
    stale one."""
    village_year(KODI_BALAGHAR, [WAINYAPU])
    login(client, "tim_kabupaten", SUMBA_BARAT_DAYA)
    url = reverse("programme:dashboard") + "?tahun=2024"
    first = sections_of(client.get(url))
    assert re.search(r'id="chart-\d+-title"', first)
    assert sections_of(client.get(url)) == first

    make_plan(region(WAILANGIRA), adopted_on=datetime.date(2024, 1, 16))
    with_a_plan = sections_of(client.get(url))
    assert "Wailangira" in with_a_plan and "Wailangira" not in first
    history.update(region(WAINYAPU), actor=None, name="Wainyapu Baru")
    renamed = sections_of(client.get(url))
    assert "Wainyapu Baru" in renamed and "Wainyapu Baru" not in with_a_plan

    assert "Download XLSX" in renamed  # this test's person reads English
    client.post(reverse("people:set_language"), {"language": "id", "next": "/"})
    indonesian = sections_of(client.get(url))
    assert "Unduh XLSX" in indonesian and "Download XLSX" not in indonesian


def test_every_table_downloads_as_xlsx_with_the_same_numbers(client):
    village_year(KODI_BALAGHAR, [WAINYAPU])
    login(client, "kecamatan", KODI_BALAGHAR)
    board = client.get(reverse("programme:dashboard") + "?tahun=2024").context["board"]
    dates_shown = False
    for key, table in board.tables.items():
        url = reverse("programme:region_dashboard_xlsx", args=[KODI_BALAGHAR, key])
        response = client.get(url + "?tahun=2024")
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0][0] == table.title
        header_at = next(
            i for i, row in enumerate(rows) if row[: len(table.headers)] == table.headers
        )
        data = [row[: len(table.headers)] for row in rows[header_at + 1 :]]
        expected = [[c.date() if hasattr(c, "date") else c for c in row] for row in data]
        assert expected == table.rows
        dated = [
            cell.number_format
            for row in sheet.iter_rows(min_row=header_at + 2)
            for cell in row
            if cell.is_date
        ]
        assert set(dated) <= {"DD-MM-YYYY"}, key
        dates_shown = dates_shown or bool(dated)
    assert dates_shown  # the quiet villages' and the stages' dates are there, as dates
    assert client.get(reverse("programme:dashboard_xlsx", args=["nothing"])).status_code == 404


def test_the_dashboard_page_draws_a_chart_and_a_table_for_each_section(client):
    village_year(KODI_BALAGHAR, [WAINYAPU])
    login(client, "kecamatan", KODI_BALAGHAR)
    html = client.get(reverse("programme:dashboard") + "?tahun=2024").content.decode()
    # every section but the two lists of villages, each drawn wide and narrow (charts.py)
    assert html.count('<svg class="chart chart-wide"') == 5
    assert html.count('<svg class="chart chart-narrow"') == 5
    assert html.count('class="dash-table"') == 7
    assert " style=" not in html.split("<main")[1]


@pytest.mark.parametrize(
    "role, code, queries",
    [
        ("kecamatan", KODI_BALAGHAR, 12),
        ("tim_kabupaten", SUMBA_BARAT_DAYA, 12),
        ("tim_program", "53", 11),  # requests per kabupaten: no agency names to read
    ],
)
def test_the_dashboard_query_count_does_not_grow_with_the_villages(
    client, django_assert_num_queries, role, code, queries
):
    login(client, role, code)
    url = reverse("programme:dashboard") + "?tahun=2024"
    village_year(KODI_BALAGHAR, [WAINYAPU])
    client.get(url)  # warm caches (content types, sessions) and the figures
    # Session, user, memberships, the menu's unread notifications, then the dashboard's own:
    # pending figures?, its region, its own and the listed regions' tallies (one read), the
    # listed regions' names, agencies, the first villages by stage, quiet villages (two).
    with django_assert_num_queries(queries):
        client.get(url)
    many = [d.code for d in Region.objects.filter(code__startswith="53.18.04.").order_by("code")]
    village_year("53.18.04", many)
    kodi = [d.code for d in Region.objects.filter(code__startswith="53.18.11.").order_by("code")]
    village_year(KODI_BALAGHAR, [code for code in kodi if code != WAINYAPU])
    rollups.refresh()  # keeping the figures is the writes' cost (after their commit)
    with django_assert_num_queries(queries):
        response = client.get(url)
    totals = {row[0]: row[-1] for row in response.context["board"].tables["kegiatan"].rows}
    if role == "tim_program":
        assert totals["Kabupaten Sumba Barat Daya"] == 2 * (len(kodi) + len(many))
    else:
        assert totals["Kodi Balaghar"] == 2 * len(kodi)


def test_the_programme_dashboard_lists_its_kabupaten_and_each_opens_its_own(client):
    village_year(KODI_BALAGHAR, [WAINYAPU])
    village_year(TELUK_WARU, [WARU])
    programme = login(client, "tim_program", "53")
    MembershipFactory(user=programme, role="tim_program", region=region("81"))
    board = client.get(reverse("programme:dashboard") + "?tahun=2024").context["board"]
    meetings = board.tables["pertemuan"]
    assert meetings.headers[:2] == ["Kabupaten", "Provinsi"]
    assert [row[:3] for row in meetings.rows] == [
        ["Kabupaten Sumba Barat Daya", "Nusa Tenggara Timur", 1],
        ["Kabupaten Seram Bagian Timur", "Maluku", 1],
    ]
    assert meetings.series_columns == [2, 3]
    assert list(meetings.links) == [
        reverse("programme:region_dashboard", args=["53.18"]),
        reverse("programme:region_dashboard", args=["81.05"]),
    ]
    requests = board.tables["dukungan"]
    assert [row[0] for row in requests.rows] == [
        "Kabupaten Sumba Barat Daya",
        "Kabupaten Seram Bagian Timur",
    ]
    assert [row[requests.headers.index("Total")] for row in requests.rows] == [1, 1]


def test_the_whole_country_lists_its_provinsi_and_a_provinsi_its_kabupaten(client):
    village_year(KODI_BALAGHAR, [WAINYAPU])
    village_year(TELUK_WARU, [WARU])
    admin = user_with_role("tim_program", "53", language="en")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    board = client.get(reverse("programme:dashboard") + "?tahun=2024").context["board"]
    assert board.scope.codes == [""]
    assert [row[0] for row in board.tables["kegiatan"].rows] == [
        "Nusa Tenggara Timur",
        "Maluku",
    ]
    assert board.tables["kegiatan"].headers[0] == "Provinsi"
    page = client.get(reverse("programme:region_dashboard", args=["53"]) + "?tahun=2024")
    assert [row[0] for row in page.context["board"].tables["kegiatan"].rows] == [
        "Kabupaten Sumba Barat Daya"
    ]
    # Below the provinsi: the way back up.
    html = client.get(reverse("programme:region_dashboard", args=[KODI_BALAGHAR])).content.decode()
    assert reverse("programme:region_dashboard", args=["53.18"]) in html
    assert reverse("programme:region_dashboard", args=["53"]) in html


def test_the_page_lists_the_first_villages_and_the_xlsx_every_one(client, monkeypatch):
    monkeypatch.setattr("rembuk.programme.selectors.DESA_ON_PAGE", 2)
    village_year(KODI_BALAGHAR, [WAINYAPU, WAILANGIRA, "53.18.11.2002"])
    login(client, "kecamatan", KODI_BALAGHAR)
    page = client.get(reverse("programme:dashboard") + "?tahun=2024")
    table = page.context["board"].tables["tahapan-desa"]
    assert (len(table.rows), table.total) == (2, 3)
    assert "Showing 2 of 3" in page.content.decode()
    response = client.get(reverse("programme:dashboard_xlsx", args=["tahapan-desa"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert {"Wainyapu", "Wailangira"} <= set(names) and len(names) >= 3 + 5


def _header_cells(html: str, key: str) -> list[str]:
    """The column headers of the dashboard section `key`, as the page writes them."""
    section = html[html.index(f'<section class="dash-section" id="{key}"') :]
    head = section[section.index("<thead>") : section.index("</thead>")]
    return re.findall(r"<th scope=\"col\"[^>]*>([^<]*)</th>", head)


def test_a_kecamatans_lists_of_villages_leave_out_its_own_name_the_xlsx_keeps_it(client):
    """Every row of a kecamatan's lists of villages named that kecamatan: the page leaves the
    column out (its title names it), the XLSX, read on its own, keeps it."""
    village_year(KODI_BALAGHAR, [WAINYAPU, WAILANGIRA])
    village_year(TELUK_WARU, [WARU])
    login(client, "kecamatan", KODI_BALAGHAR)
    html = client.get(reverse("programme:dashboard") + "?tahun=2024").content.decode()
    assert _header_cells(html, "tahapan-desa") == ["Desa", "Current stage", "Status", "Date"]
    assert "Kecamatan" not in _header_cells(html, "tanpa-catatan")
    assert "<td>Kodi Balaghar</td>" not in html
    response = client.get(reverse("programme:dashboard_xlsx", args=["tahapan-desa"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = next(row for row in rows if row[0] == "Desa")
    assert headers[:2] == ("Desa", "Kecamatan")
    assert ("Wainyapu", "Kodi Balaghar") in {row[:2] for row in rows}
    # A kabupaten's dashboard still says which kecamatan each village is in.
    login(client, "tim_kabupaten", SUMBA_BARAT_DAYA)
    html = client.get(reverse("programme:dashboard") + "?tahun=2024").content.decode()
    assert _header_cells(html, "tahapan-desa")[:2] == ["Desa", "Kecamatan"]


def test_a_table_of_another_region_cannot_be_downloaded(client):
    village_year(TELUK_WARU, [WARU])
    login(client, "tim_kabupaten", SUMBA_BARAT_DAYA)
    url = reverse("programme:region_dashboard_xlsx", args=[TELUK_WARU, "tahapan-desa"])
    assert client.get(url).status_code == 404
    url = reverse("programme:region_dashboard_xlsx", args=["81", "kegiatan"])
    assert client.get(url).status_code == 404


def test_a_request_still_open_from_an_earlier_year_is_counted_with_its_age(client):
    desa = region(WAINYAPU)
    old = make_meeting(region(KODI_BALAGHAR), datetime.date(2023, 8, 1), [desa])
    make_request(old, desa, status=SupportRequest.Status.IN_PROGRESS)
    make_request(old, desa, status=SupportRequest.Status.DONE, closed_on=datetime.date(2023, 9, 1))
    village_year(KODI_BALAGHAR, [WAINYAPU])
    login(client, "kecamatan", KODI_BALAGHAR)
    table = client.get(reverse("programme:dashboard") + "?tahun=2024").context["board"]
    rows = {row[0]: row for row in table.tables["dukungan"].rows}
    unrouted = rows["Not routed yet"]
    headers = table.tables["dukungan"].headers
    assert unrouted[headers.index(str(SupportRequest.Status.IN_PROGRESS.label))] == 1
    assert unrouted[headers.index(str(SupportRequest.Status.DONE.label))] == 0  # closed in 2023
    assert unrouted[-1] == (timezone.localdate() - datetime.date(2023, 8, 1)).days


def test_the_whole_countrys_list_of_villages_is_built_by_the_worker(
    client, monkeypatch, settings, tmp_path
):
    """Past TABLE_SYNC_VILLAGES villages the XLSX is queued for the task worker; here "many"
    means more than two, rather than recording thousands of villages."""
    settings.MEDIA_ROOT = tmp_path / "media"
    kind = background.kinds()[documents.DASHBOARD_TABLE]
    monkeypatch.setitem(background.kinds(), kind.key, dataclasses.replace(kind, sync_parts=2))
    village_year(KODI_BALAGHAR, [WAINYAPU, WAILANGIRA])
    village_year(TELUK_WARU, [WARU])
    admin = login(client, "tim_program", "53")
    admin.is_superuser = True  # the whole country
    admin.save()

    response = client.get(
        reverse("programme:dashboard_xlsx", args=["tahapan-desa"]) + "?tahun=2024"
    )
    export = DocumentExport.objects.get(kind=documents.DASHBOARD_TABLE)
    assert response["Location"] == reverse("reports:export_status", args=[export.pk])
    assert (export.status, export.total, export.format) == ("queued", 3, "xlsx")
    status = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("programme:dashboard")}?tahun=2024"' in status  # the way back
    # A table of regions, and a kecamatan's two villages, are still answered at once.
    assert (
        client.get(reverse("programme:dashboard_xlsx", args=["kegiatan"]))["Content-Type"] == XLSX
    )
    kecamatan = reverse("programme:region_dashboard_xlsx", args=[KODI_BALAGHAR, "tahapan-desa"])
    assert client.get(kecamatan)["Content-Type"] == XLSX
    assert DocumentExport.objects.count() == 1

    # What the worker runs, through "build it now" on the status page (the browser test of
    # e2e/test_background_exports.py runs the worker itself).
    client.post(reverse("reports:export_retry", args=[export.pk]))
    export.refresh_from_db()
    assert export.status == DocumentExport.Status.DONE
    assert export.filename == "dasbor-program-tahapan-desa-2024.xlsx"
    file = client.get(reverse("reports:export_file", args=[export.pk]))
    sheet = load_workbook(io.BytesIO(file.content)).active
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert {"Wainyapu", "Wailangira", "Waru"} <= set(names)

    # The file of a person's own dashboard is theirs: another programme user cannot open it.
    client.force_login(user_with_role("tim_program", "53"))
    for name in ("reports:export_status", "reports:export_file"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404


def test_over_two_kabupaten_each_agency_is_named_with_its_kabupaten(client):
    village_year(KODI_BALAGHAR, [WAINYAPU])
    village_year(TELUK_WARU, [WARU])
    person = login(client, "tim_kabupaten", SUMBA_BARAT_DAYA)
    seram = region(region(TELUK_WARU).kabupaten_code())
    MembershipFactory(user=person, role="tim_kabupaten", region=seram)
    board = client.get(reverse("programme:dashboard") + "?tahun=2024").context["board"]
    names = [row[0] for row in board.tables["dukungan"].rows]
    assert names == [
        f"Distan{KODI_BALAGHAR} ({region(SUMBA_BARAT_DAYA).name})",
        f"Distan{TELUK_WARU} ({seram.name})",
    ]


def test_after_a_change_only_the_sections_whose_table_changed_are_drawn_again(monkeypatch):
    """Each section is kept by its own table too: a change that moved one table's figures
    draws that section again and takes the others as they were drawn, and the page is what
    drawing every section anew gives."""
    from rembuk.programme import views
    from rembuk.programme.tables import Table

    drawn_rows = []
    real_table_html = views.table_html

    def counted(headers, rows, links):
        drawn_rows.append(rows)
        return real_table_html(headers, rows, links)

    monkeypatch.setattr(views, "table_html", counted)

    def table(key: str, rows: list) -> Table:
        return Table(key=key, title=key.title(), headers=["Desa", "Jumlah"], rows=rows)

    def forget() -> None:
        views.PAGES_DRAWN.clear()
        views.SECTIONS_DRAWN.clear()

    forget()
    before = {
        "rencana": table("rencana", [["Wainyapu", 1]]),
        "kegiatan": table("kegiatan", [["Wainyapu", 3]]),
        "permintaan": table("permintaan", [["Distan", 2]]),
    }
    first = views._drawn_sections(before, SUMBA_BARAT_DAYA, 2024)
    assert len(drawn_rows) == 3
    after = dict(before, kegiatan=table("kegiatan", [["Wainyapu", 4]]))
    second = views._drawn_sections(after, SUMBA_BARAT_DAYA, 2024)
    assert drawn_rows[3:] == [[["Wainyapu", 4]]]
    assert second.sections[0] is first.sections[0] and second.sections[2] is first.sections[2]
    assert ">4<" in second.sections_html and ">3<" not in second.sections_html

    forget()
    anew = views._drawn_sections(after, SUMBA_BARAT_DAYA, 2024)
    assert (anew.toc_html, anew.sections_html) == (second.toc_html, second.sections_html)
    assert len(drawn_rows) == 7
