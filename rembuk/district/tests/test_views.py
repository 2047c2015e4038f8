from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from rembuk.core.testing import docx_columns_cm, region, user_with_role
from rembuk.district import services
from rembuk.district.documents import COLUMN_CM
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.district.tests.conftest import SUMBA_BARAT_DAYA, aware, make_report, make_request
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db


def schedule(day: datetime.date, code: str = SUMBA_BARAT_DAYA) -> DistrictMeeting:
    return services.district_meeting_create(
        kabupaten=region(code), date=day, place="Aula Bappeda", actor=None
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the kabupaten page -----------------------------------------------------------------------


def test_the_kabupaten_page_warns_below_three_meetings_a_year(kabupaten_user):
    schedule(datetime.date(2024, 4, 18))
    schedule(datetime.date(2024, 8, 15))
    url = reverse("district:kabupaten_meetings", args=[SUMBA_BARAT_DAYA]) + "?tahun=2024"
    page = client_for(kabupaten_user).get(url).content.decode()
    assert (
        'id="guideline-warning"' in page
        and "Terlaksana atau direncanakan pada 2024: 2 dari sedikitnya 3" in page
    )
    assert "setidaknya 3 kali dalam setahun" in page
    schedule(datetime.date(2024, 11, 20))
    page = client_for(kabupaten_user).get(url).content.decode()
    assert 'id="guideline-warning"' not in page
    assert "20 November 2024" in page or "November" in page


def test_the_year_comes_from_the_query_and_defaults_to_this_one(kabupaten_user):
    meeting = schedule(datetime.date(2024, 4, 18))
    link = reverse("district:meeting_detail", args=[meeting.id])
    client = client_for(kabupaten_user)
    url = reverse("district:kabupaten_meetings", args=[SUMBA_BARAT_DAYA])
    assert link in client.get(url + "?tahun=2024").content.decode()
    this_year = client.get(url).content.decode()
    assert str(datetime.date.today().year) in this_year and link not in this_year


def test_scheduling_from_the_kabupaten_page(kabupaten_user):
    client = client_for(kabupaten_user)
    response = client.post(
        reverse("district:meeting_create", args=[SUMBA_BARAT_DAYA]),
        {"date": "2024-04-18", "place": "Aula Bappeda"},
    )
    meeting = DistrictMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("district:meeting_detail", args=[meeting.id])


def test_an_opd_user_reads_but_cannot_schedule(db):
    opd = user_with_role(Role.OPD, SUMBA_BARAT_DAYA)
    client = client_for(opd)
    meeting = schedule(datetime.date(2024, 4, 18))
    assert client.get(reverse("district:meeting_detail", args=[meeting.id])).status_code == 200
    response = client.post(
        reverse("district:meeting_create", args=[SUMBA_BARAT_DAYA]), {"date": "2024-05-01"}
    )
    assert response.status_code == 403
    assert client.post(reverse("district:agenda_build", args=[meeting.id])).status_code == 403


def test_a_kecamatan_user_has_no_access(db):
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    meeting = schedule(datetime.date(2024, 4, 18))
    assert (
        client_for(user).get(reverse("district:meeting_detail", args=[meeting.id])).status_code
        == 403
    )


def test_a_meeting_of_another_kabupaten_is_not_found(kabupaten_user):
    elsewhere = schedule(datetime.date(2024, 4, 18), code="81.05")
    client = client_for(kabupaten_user)
    for name in ("meeting_detail", "minutes_pdf", "minutes_docx"):
        assert client.get(reverse(f"district:{name}", args=[elsewhere.id])).status_code == 404
    assert client.post(reverse("district:agenda_build", args=[elsewhere.id])).status_code == 404
    page = reverse("district:kabupaten_meetings", args=["81.05"])
    assert client.get(page).status_code == 404


# --- the meeting page -------------------------------------------------------------------------


def test_build_the_agenda_and_record_a_decision_without_javascript(
    kabupaten_user, kecamatan_meeting, distan
):
    meeting = schedule(datetime.date(2024, 4, 18))
    make_request(kecamatan_meeting, "Kunjungan penyuluh pertanian", agency=distan)
    client = client_for(kabupaten_user)
    client.post(reverse("district:agenda_build", args=[meeting.id]))
    item = AgendaItem.objects.get(meeting=meeting)
    page = client.get(reverse("district:meeting_detail", args=[meeting.id])).content.decode()
    assert "Kunjungan penyuluh pertanian" in page and "Dinas Pertanian (Distan)" in page
    response = client.post(
        reverse("district:agenda_item_save", args=[meeting.id, item.id]),
        {
            "base_version": item.version,
            "was_decision": "",
            "decision": "Disetujui, penyuluh dijadwalkan",
            "was_assigned_agency": "",
            "assigned_agency": str(distan.pk),
            "was_assignment": "",
            "assignment": "Kunjungan ke Wainyapu",
            "was_assignment_due": "",
            "assignment_due": "2024-05-15",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == "Disetujui, penyuluh dijadwalkan"
    assert item.assigned_agency == distan and item.assignment_due == datetime.date(2024, 5, 15)


def test_autosave_answers_with_the_save_state_and_only_sends_changed_fields(
    kabupaten_user, kecamatan_meeting
):
    meeting = schedule(datetime.date(2024, 4, 18))
    item = services.agenda_item_add(meeting=meeting, title="Musrenbang", actor=None)
    response = client_for(kabupaten_user).post(
        reverse("district:agenda_item_save", args=[meeting.id, item.id]),
        {"base_version": item.version, "was_decision": "", "decision": "Siapkan bahan"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'name="was_decision" value="Siapkan bahan"' in body and "status-saved" in body
    item.refresh_from_db()
    assert item.decision == "Siapkan bahan" and item.title == "Musrenbang"


def test_a_stale_decision_shows_their_text_and_the_state_moves_to_their_version(kabupaten_user):
    meeting = schedule(datetime.date(2024, 4, 18))
    item = services.agenda_item_add(meeting=meeting, title="Musrenbang", actor=None)
    page_state = {"base_version": item.version, "was_decision": ""}
    services.agenda_item_save(item=item, actor=None, decision="Keputusan <b>mereka</b>")
    client = client_for(kabupaten_user)
    url = reverse("district:agenda_item_save", args=[meeting.id, item.id])
    body = client.post(url, {**page_state, "decision": "Keputusan saya"}, HTTP_HX_REQUEST="true")
    html = body.content.decode()
    # The same words as every autosaving cell (rembuk.core.autosave), their text escaped.
    assert "Orang lain mengubah isian ini saat Anda mengetik" in html
    assert "Keputusan &lt;b&gt;mereka&lt;/b&gt;" in html
    item.refresh_from_db()
    assert item.decision == "Keputusan <b>mereka</b>"
    assert f'name="base_version" value="{item.version}"' in html  # the next save may win
    without_js = client.post(url, {**page_state, "decision": "Keputusan saya"}, follow=True)
    page = without_js.content.decode()
    assert "Keputusan saya" in page and "Keputusan &lt;b&gt;mereka&lt;/b&gt;" in page


def test_a_bad_agency_is_refused_with_a_message(kabupaten_user):
    meeting = schedule(datetime.date(2024, 4, 18))
    item = services.agenda_item_add(meeting=meeting, title="Musrenbang", actor=None)
    response = client_for(kabupaten_user).post(
        reverse("district:agenda_item_save", args=[meeting.id, item.id]),
        {"was_assigned_agency": "", "assigned_agency": "not-a-uuid"},
        HTTP_HX_REQUEST="true",
    )
    assert "Pilih OPD kabupaten ini" in response.content.decode()


def test_mark_held_and_the_notes(kabupaten_user):
    meeting = schedule(datetime.date(2024, 4, 18))
    client = client_for(kabupaten_user)
    client.post(reverse("district:meeting_status", args=[meeting.id]), {"status": "terlaksana"})
    client.post(
        reverse("district:meeting_save", args=[meeting.id]),
        {
            "base_version": 2,
            "was_participants": "",
            "participants": "Bappeda, DPMD, Distan",
            "was_minutes": "",
            "minutes": "Pertemuan berikutnya Agustus",
        },
    )
    meeting.refresh_from_db()
    assert meeting.status == "terlaksana" and meeting.participants == "Bappeda, DPMD, Distan"
    assert meeting.minutes == "Pertemuan berikutnya Agustus"


# --- minutes ----------------------------------------------------------------------------------


def _meeting_with_minutes(kecamatan_meeting, distan) -> DistrictMeeting:
    meeting = schedule(datetime.date(2024, 4, 18))
    services.district_meeting_update(
        meeting=meeting, actor=None, participants="Bappeda, DPMD, Dinas Pertanian"
    )
    make_report(kecamatan_meeting, sent_at=aware(2024, 3, 29), support="Bibit jagung <script>")
    make_request(kecamatan_meeting, "Kunjungan penyuluh pertanian", agency=distan)
    make_request(kecamatan_meeting, "Pelatihan BUMDes")
    items = services.agenda_build(meeting=meeting, actor=None)
    request_item = next(i for i in items if i.request and i.request.agency_id)
    services.agenda_item_save(
        item=request_item,
        actor=None,
        decision="Disetujui <b>segera</b>",
        assigned_agency=distan,
        assignment="Penyuluh berkunjung ke Wainyapu",
        assignment_due=datetime.date(2024, 5, 15),
    )
    services.agenda_item_add(meeting=meeting, title="Persiapan Musrenbang", actor=None)
    return meeting


def test_minutes_pdf_reads_back_grouped_by_agency(kabupaten_user, kecamatan_meeting, distan):
    meeting = _meeting_with_minutes(kecamatan_meeting, distan)
    response = client_for(kabupaten_user).get(reverse("district:minutes_pdf", args=[meeting.id]))
    assert response["Content-Type"] == "application/pdf"
    assert "notulen-kabupaten-sumba-barat-daya-2024-04-18.pdf" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "PEMERINTAH KABUPATEN SUMBA BARAT DAYA" in text
    assert "Bappeda, DPMD, Dinas Pertanian" in text
    for heading in ("Laporan kecamatan yang diterima", "Dinas Pertanian (Distan)", "Belum ada OPD"):
        assert heading in text
    assert text.index("Dinas Pertanian (Distan)") < text.index("Belum ada OPD")
    assert "Disetujui <b>segera</b>" in text  # escaped, printed as typed
    assert "Bibit jagung <script>" in text
    assert "Penyuluh berkunjung ke Wainyapu" in text and "15 " in text
    assert "Persiapan Musrenbang" in text


def test_minutes_docx_reads_back(kabupaten_user, kecamatan_meeting, distan):
    meeting = _meeting_with_minutes(kecamatan_meeting, distan)
    response = client_for(kabupaten_user).get(reverse("district:minutes_docx", args=[meeting.id]))
    document = Document(io.BytesIO(response.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "PEMERINTAH KABUPATEN SUMBA BARAT DAYA" in paragraphs
    assert "Bappeda, DPMD, Dinas Pertanian" in paragraphs
    assert "Dinas Pertanian (Distan)" in paragraphs and "Belum ada OPD" in paragraphs
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Disetujui <b>segera</b>" in cells
    assert any("Penyuluh berkunjung ke Wainyapu" in c for c in cells)
    assert any("Kunjungan penyuluh pertanian" in c for c in cells)
    # A narrow number beside the topic, in LibreOffice too (its grid was of equal columns).
    assert all(docx_columns_cm(table) == list(COLUMN_CM) for table in document.tables)


# --- query counts -----------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_meeting_page_costs_the_same_for_1_or_10_items(
    kabupaten_user, kecamatan_meeting, distan, dpmd
):
    meeting = schedule(datetime.date(2024, 4, 18))
    make_request(kecamatan_meeting, "Satu", agency=distan)
    make_report(kecamatan_meeting, sent_at=aware(2024, 3, 29))
    services.agenda_build(meeting=meeting, actor=None)
    client = client_for(kabupaten_user)
    url = reverse("district:meeting_detail", args=[meeting.id])
    few = _queries(client, url)
    for n in range(4):
        make_request(kecamatan_meeting, f"Permintaan {n}", agency=distan if n % 2 else dpmd)
    for _n in range(3):
        make_report(kecamatan_meeting, sent_at=aware(2024, 3, 29))
    services.agenda_build(meeting=meeting, actor=None)
    services.agenda_item_add(meeting=meeting, title="Lain", actor=None)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 10
    many = _queries(client, url)
    # session, user, memberships, meeting, items, report rows, agencies, previous meeting,
    # new reports, new requests, unread notifications (header)
    assert few == many == 11


def test_the_kabupaten_page_costs_the_same_for_1_or_5_meetings(kabupaten_user):
    client = client_for(kabupaten_user)
    url = reverse("district:kabupaten_meetings", args=[SUMBA_BARAT_DAYA]) + "?tahun=2024"
    schedule(datetime.date(2024, 1, 10))
    few = _queries(client, url)
    for month in range(2, 6):
        schedule(datetime.date(2024, month, 10))
    # session, user, memberships, kabupaten, meetings (with item counts), years, unread count
    assert few == _queries(client, url) == 7


def test_long_minutes_are_built_by_the_worker_and_read_back(
    kabupaten_user, kecamatan_meeting, distan, monkeypatch
):
    from dataclasses import replace

    from rembuk.district.documents import MINUTES
    from rembuk.reports import background
    from rembuk.reports.models import DocumentExport

    monkeypatch.setitem(
        background.kinds(), MINUTES, replace(background.kinds()[MINUTES], sync_parts=1)
    )
    meeting = _meeting_with_minutes(kecamatan_meeting, distan)
    client = client_for(kabupaten_user)
    response = client.get(reverse("district:minutes_pdf", args=[meeting.id]))
    export = DocumentExport.objects.get(kind=MINUTES, ref=str(meeting.id))
    assert response["Location"] == reverse("reports:export_status", args=[export.pk])
    status = client.get(response["Location"]).content.decode()
    assert reverse("district:meeting_detail", args=[meeting.id]) in status
    client.post(reverse("reports:export_retry", args=[export.pk]))  # no worker in tests
    file = client.get(reverse("reports:export_file", args=[export.pk]))
    assert "notulen-kabupaten-sumba-barat-daya-2024-04-18.pdf" in file["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(file.content)).pages)
    assert "Persiapan Musrenbang" in " ".join(text.split())
    other = client_for(user_with_role(Role.TIM_KABUPATEN, "81.05"))
    assert other.get(reverse("reports:export_file", args=[export.pk])).status_code == 404


def test_minutes_built_by_the_worker_are_in_the_language_of_the_person_who_asked(
    kabupaten_user, kecamatan_meeting, distan, monkeypatch
):
    from dataclasses import replace

    from django.utils import translation

    from rembuk.district.documents import MINUTES
    from rembuk.reports import background
    from rembuk.reports.models import DocumentExport

    monkeypatch.setitem(
        background.kinds(), MINUTES, replace(background.kinds()[MINUTES], sync_parts=1)
    )
    meeting = _meeting_with_minutes(kecamatan_meeting, distan)
    kabupaten_user.language = "en"
    kabupaten_user.save(update_fields=["language"])
    client = client_for(kabupaten_user)
    client.get(reverse("district:minutes_pdf", args=[meeting.id]))
    export = DocumentExport.objects.get(kind=MINUTES, ref=str(meeting.id))
    with translation.override("id"):  # the worker process runs in the site's default language
        background.run(str(export.pk), "http://testserver/")
    file = client.get(reverse("reports:export_file", args=[export.pk]))
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(file.content)).pages).split()
    )
    assert "MINUTES OF THE KABUPATEN TEAM COORDINATION MEETING" in text
    assert "General notes" in text and "Catatan umum" not in text


@pytest.mark.parametrize("long", [True, False], ids=["long decisions", "short decisions"])
def test_minutes_with_several_long_free_topics_are_built_by_the_worker(kabupaten_user, long):
    """A free topic whose decision runs past twenty lines of its column breaks across pages like
    a kecamatan's report, and lays the minutes out once more: three are past a second's work.
    As many short ones stay in the request."""
    from rembuk.district.documents import (
        LONG_DECISION_CHARACTERS,
        MINUTES,
        MINUTES_SYNC_ITEMS,
        REPORT_ITEM_PARTS,
    )
    from rembuk.reports.models import DocumentExport

    meeting = schedule(datetime.date(2024, 4, 18))
    topics = 1 + MINUTES_SYNC_ITEMS // (REPORT_ITEM_PARTS + 1)
    words = "Dinas menyiapkan pelatihan pupuk organik bagi kelompok tani. "
    decision = words * (LONG_DECISION_CHARACTERS // len(words) + 1) if long else words
    client = client_for(kabupaten_user)
    url = reverse("district:minutes_pdf", args=[meeting.id])
    for added in range(1, topics + 1):
        item = services.agenda_item_add(meeting=meeting, title=f"Topik {added}", actor=None)
        services.agenda_item_save(item=item, actor=None, decision=decision)
        if added < topics:  # built in the request
            assert client.get(url)["Content-Type"] == "application/pdf"
    response = client.get(url)
    if long:
        export = DocumentExport.objects.get(kind=MINUTES, ref=str(meeting.id))
        assert response["Location"] == reverse("reports:export_status", args=[export.pk])
    else:
        assert response["Content-Type"] == "application/pdf"
        assert not DocumentExport.objects.filter(kind=MINUTES).exists()


def test_minutes_with_several_kecamatan_reports_are_built_by_the_worker(kabupaten_user):
    """A kecamatan's report is the item that breaks across pages, and each broken row lays the
    minutes out once more (core.print_rows): three of them are past a second's work."""
    from rembuk.district.documents import MINUTES, MINUTES_SYNC_ITEMS, REPORT_ITEM_PARTS
    from rembuk.reports.models import DocumentExport

    meeting = schedule(datetime.date(2024, 4, 18))
    kecamatan = list(region(SUMBA_BARAT_DAYA).children.order_by("code"))
    reports = 1 + MINUTES_SYNC_ITEMS // (REPORT_ITEM_PARTS + 1)
    client = client_for(kabupaten_user)
    url = reverse("district:minutes_pdf", args=[meeting.id])
    for sent, place in enumerate(kecamatan[:reports], start=1):
        make_report(None, sent_at=aware(2024, 3, sent), kecamatan_code=place.code)
        services.agenda_build(meeting=meeting, actor=None)
        assert AgendaItem.objects.filter(meeting=meeting, report__isnull=False).count() == sent
        if sent < reports:  # built in the request
            assert client.get(url)["Content-Type"] == "application/pdf"
    response = client.get(url)
    export = DocumentExport.objects.get(kind=MINUTES, ref=str(meeting.id))
    assert response["Location"] == reverse("reports:export_status", args=[export.pk])
