"""Matriks 4 pages: who drafts, edits, sends and reads; locked after sending; query counts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from rembuk.core.testing import full_plan, user_with_role
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role
from rembuk.reports import services
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.reports.testing import add_sheet
from rembuk.reports.tests.conftest import pdf_text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(role: str, code: str) -> tuple[Client, Any]:
    user = user_with_role(role, code)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def writer() -> tuple[Client, Any]:
    return _client(Role.KECAMATAN, "53.18.11")


@pytest.fixture
def draft(meeting: CoordinationMeeting, writer: tuple[Client, Any]) -> KecamatanReport:
    return services.kecamatan_report_draft(meeting=meeting, actor=writer[1])


@pytest.fixture
def sent(draft: KecamatanReport, writer: tuple[Client, Any]) -> KecamatanReport:
    return services.kecamatan_report_send(report=draft, actor=writer[1])


def detail(report: KecamatanReport) -> str:
    return reverse("reports:kecamatan_report_detail", args=[report.pk])


def first_row(report: KecamatanReport) -> KecamatanReportRow:
    return report.rows.order_by("position").first()  # type: ignore[return-value]


def cell_url(report: KecamatanReport, row: KecamatanReportRow, field: str = "challenges") -> str:
    return reverse("reports:kecamatan_report_cell_save", args=[report.pk, row.pk, field])


def test_drafting_from_the_meeting_opens_the_editor_and_again_the_same_draft(
    meeting: CoordinationMeeting, writer: tuple[Client, Any]
) -> None:
    client, _ = writer
    url = reverse("reports:kecamatan_report_draft", args=[meeting.pk])

    first = client.post(url)
    second = client.post(url)

    report = KecamatanReport.objects.get(meeting=meeting)
    assert first.url == second.url == detail(report)  # type: ignore[attr-defined]
    page = client.get(detail(report)).content.decode()
    assert "Kecamatan : Kodi Balaghar" in page
    assert page.count("<textarea") == 2 * 3 + 1  # three cells per village, and the note
    assert "Wainyapu" in page and "Wailangira" in page


def test_the_meeting_page_offers_drafting_to_the_kecamatan(
    meeting: CoordinationMeeting, writer: tuple[Client, Any]
) -> None:
    page = writer[0].get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("reports:kecamatan_report_draft", args=[meeting.pk]) in page


def test_a_cell_saved_by_htmx_answers_with_the_new_base_version(
    draft: KecamatanReport, writer: tuple[Client, Any]
) -> None:
    row = first_row(draft)
    response = writer[0].post(
        cell_url(draft, row), {"text": "Baris satu\nBaris dua", "base_version": row.version}, **HTMX
    )

    row.refresh_from_db()
    assert row.challenges == "Baris satu\nBaris dua"
    body = response.content.decode()
    assert f'name="base_version" value="{row.version}"' in body
    assert "status-saved" in body


def test_a_cell_holding_a_null_character_is_refused_and_nothing_is_written(
    draft: KecamatanReport, writer: tuple[Client, Any]
) -> None:
    """Autosaving cells post raw text, not a form's: a NUL (PostgreSQL stores none) is refused
    as a form would refuse it, on both databases, and the cell says it was not saved."""
    row = first_row(draft)
    before = (row.challenges, row.version)
    response = writer[0].post(
        cell_url(draft, row), {"text": "Baris\x00 satu", "base_version": row.version}, **HTMX
    )
    row.refresh_from_db()
    assert (row.challenges, row.version) == before
    body = response.content.decode()
    assert "status-error" in body
    assert "Karakter null tidak diperbolehkan." in body


def test_a_stale_cell_edit_shows_the_current_text(
    draft: KecamatanReport, writer: tuple[Client, Any]
) -> None:
    row = first_row(draft)
    stale = row.version
    services.kecamatan_report_row_update(row=row, actor=writer[1], challenges="Teks <b>mereka</b>")

    response = writer[0].post(
        cell_url(draft, row), {"text": "Teks saya", "base_version": stale}, **HTMX
    )

    body = response.content.decode()
    assert "status-error" in body
    # The same words as every autosaving cell (rembuk.core.autosave).
    assert "Orang lain mengubah isian ini saat Anda mengetik" in body
    assert "Teks &lt;b&gt;mereka&lt;/b&gt;" in body  # the current text, escaped
    row.refresh_from_db()
    assert row.challenges == "Teks <b>mereka</b>"
    assert f'name="base_version" value="{row.version}"' in body  # the next save may win


def test_without_javascript_a_cell_form_posts_and_comes_back(
    draft: KecamatanReport, writer: tuple[Client, Any]
) -> None:
    row = first_row(draft)
    response = writer[0].post(
        cell_url(draft, row, "support_needed"), {"text": "Dukungan", "base_version": row.version}
    )
    assert response.status_code == 302
    assert response.url == detail(draft) + "#rows"  # type: ignore[attr-defined]
    row.refresh_from_db()
    assert row.support_needed == "Dukungan"


def test_an_unknown_cell_is_404(draft: KecamatanReport, writer: tuple[Client, Any]) -> None:
    row = first_row(draft)
    assert writer[0].post(cell_url(draft, row, "desa"), {"text": "x"}).status_code == 404


def test_sending_locks_the_page_and_refuses_edits(
    draft: KecamatanReport, writer: tuple[Client, Any]
) -> None:
    client, _ = writer
    client.post(reverse("reports:kecamatan_report_send", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == KecamatanReport.Status.SENT
    page = client.get(detail(draft)).content.decode()
    assert "<textarea" not in page
    assert "m4-locked" in page
    row = first_row(draft)
    response = client.post(cell_url(draft, row), {"text": "diam-diam"}, **HTMX)
    assert "tidak dapat diubah lagi" in response.content.decode()
    row.refresh_from_db()
    assert row.challenges != "diam-diam"


def test_a_correction_is_a_new_version_and_both_stay_readable(
    sent: KecamatanReport, writer: tuple[Client, Any]
) -> None:
    client, _ = writer
    response = client.post(reverse("reports:kecamatan_report_correct", args=[sent.pk]))

    correction = KecamatanReport.objects.get(previous=sent)
    assert response.url == detail(correction)  # type: ignore[attr-defined]
    assert correction.edition == 2
    page = client.get(detail(correction)).content.decode()
    assert "<textarea" in page and "Versi 1" in page and "Versi 2" in page
    assert client.get(detail(sent)).status_code == 200


def test_the_kabupaten_reads_sent_reports_but_not_drafts(
    draft: KecamatanReport, writer: tuple[Client, Any]
) -> None:
    kabupaten, _ = _client(Role.TIM_KABUPATEN, "53.18")
    assert kabupaten.get(detail(draft)).status_code == 404
    # Writing is refused before the report is even looked up (no role that writes reports).
    assert kabupaten.post(cell_url(draft, first_row(draft)), {"text": "x"}).status_code == 403

    services.kecamatan_report_send(report=draft, actor=writer[1])

    page = kabupaten.get(detail(draft))
    assert page.status_code == 200 and "<textarea" not in page.content.decode()
    # Reading is not writing.
    assert kabupaten.post(cell_url(draft, first_row(draft)), {"text": "x"}).status_code == 403
    assert (
        kabupaten.post(reverse("reports:kecamatan_report_correct", args=[draft.pk])).status_code
        == 403
    )
    received = kabupaten.get(reverse("reports:kecamatan_report_list", args=["53.18"]))
    assert "Kodi Balaghar" in received.content.decode()


def test_an_opd_user_of_the_kabupaten_reads_the_sent_report(sent: KecamatanReport) -> None:
    opd, _ = _client(Role.OPD, "53.18")
    response = opd.get(reverse("reports:kecamatan_report_download", args=[sent.pk, "pdf"]))
    assert response.status_code == 200
    _, text = pdf_text(response.content)
    assert "Kecamatan : Kodi Balaghar" in text


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.KECAMATAN, "81.05.15"),  # another kecamatan
        (Role.TIM_KABUPATEN, "81.05"),  # another kabupaten
        (Role.TIM_DESA, "53.18.11.2006"),  # a village reads its own sheet, not the summary
    ],
)
def test_outside_the_kecamatan_every_report_page_is_404(
    sent: KecamatanReport, meeting: CoordinationMeeting, role: str, code: str
) -> None:
    client, _ = _client(role, code)
    assert client.get(detail(sent)).status_code == 404
    assert (
        client.get(reverse("reports:kecamatan_report_download", args=[sent.pk, "xlsx"])).status_code
        == 404
    )
    assert (
        client.get(reverse("reports:kecamatan_report_list", args=["53.18.11"])).status_code == 404
    )
    assert (
        "Kodi Balaghar"
        not in client.get(reverse("reports:kecamatan_report_index")).content.decode()
    )


def test_the_kabupaten_team_cannot_draft(meeting: CoordinationMeeting) -> None:
    kabupaten, _ = _client(Role.TIM_KABUPATEN, "53.18")
    response = kabupaten.post(reverse("reports:kecamatan_report_draft", args=[meeting.pk]))
    assert response.status_code == 403
    assert not KecamatanReport.objects.exists()


def test_downloads_answer_each_format(sent: KecamatanReport, writer: tuple[Client, Any]) -> None:
    client, _ = writer
    xlsx = client.get(reverse("reports:kecamatan_report_download", args=[sent.pk, "xlsx"]))
    assert 'filename="matriks-4-kodi-balaghar-v1.xlsx"' in xlsx["Content-Disposition"]
    ws = load_workbook(io.BytesIO(xlsx.content))["Matriks 4"]
    assert ws["B5"].value == "Wainyapu"
    docx = client.get(reverse("reports:kecamatan_report_download", args=[sent.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert (
        client.get(reverse("reports:kecamatan_report_download", args=[sent.pk, "odt"])).status_code
        == 404
    )


def test_moving_a_village_down(draft: KecamatanReport, writer: tuple[Client, Any]) -> None:
    row = first_row(draft)
    writer[0].post(reverse("reports:kecamatan_report_row_move", args=[draft.pk, row.pk, "turun"]))
    assert [r.desa.name for r in draft.rows.order_by("position")] == ["Wailangira", "Wainyapu"]


def _grow(meeting: CoordinationMeeting, extra: int) -> None:
    for n, code in enumerate(["53.18.11.2002", "53.18.11.2003", "53.18.11.2004"][:extra]):
        add_sheet(meeting, code, full_plan(code, goals=2, activities_per_goal=3), 2 + n)


@pytest.mark.parametrize("extra", [0, 3])
def test_the_detail_page_costs_the_same_queries_for_2_or_5_villages(
    meeting: CoordinationMeeting,
    writer: tuple[Client, Any],
    extra: int,
    django_assert_num_queries: Any,
) -> None:
    _grow(meeting, extra)
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer[1])
    client, _ = writer
    client.get(detail(report))  # session and memberships warm, as on a second page
    with django_assert_num_queries(7):
        client.get(detail(report))


@pytest.mark.parametrize("extra", [0, 3])
def test_the_list_pages_cost_the_same_queries_for_few_or_many_reports(
    meeting: CoordinationMeeting,
    writer: tuple[Client, Any],
    extra: int,
    django_assert_num_queries: Any,
) -> None:
    from rembuk.reports.testing import make_meeting

    report = services.kecamatan_report_draft(meeting=meeting, actor=writer[1])
    services.kecamatan_report_send(report=report, actor=writer[1])
    for day in range(extra):
        other = make_meeting("53.18.11", date=meeting.date.replace(day=1 + day))
        add_sheet(other, "53.18.11.2006", None)
        services.kecamatan_report_send(
            report=services.kecamatan_report_draft(meeting=other, actor=writer[1]),
            actor=writer[1],
        )
    client, _ = writer
    kabupaten, _ = _client(Role.TIM_KABUPATEN, "53.18")
    with django_assert_num_queries(6):
        client.get(reverse("reports:kecamatan_report_index"))
    with django_assert_num_queries(6):
        kabupaten.get(reverse("reports:kecamatan_report_list", args=["53.18"]))


@pytest.mark.parametrize(
    ("role", "code"), [(Role.FASILITATOR_KABUPATEN, "53.18"), (Role.TIM_PROGRAM, "53")]
)
def test_facilitators_and_the_programme_team_may_draft_and_send(
    meeting: CoordinationMeeting, role: str, code: str
) -> None:
    client, _ = _client(role, code)
    client.post(reverse("reports:kecamatan_report_draft", args=[meeting.pk]))
    report = KecamatanReport.objects.get(meeting=meeting)
    client.post(reverse("reports:kecamatan_report_send", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == KecamatanReport.Status.SENT


def test_a_note_of_100000_characters_is_refused_with_a_message_and_the_note_kept(
    draft: KecamatanReport, writer: tuple[Client, Any]
) -> None:
    client, _user = writer
    url = reverse("reports:kecamatan_report_note_save", args=[draft.pk])
    client.post(url, {"text": "Mohon dibahas.", "base_version": draft.version}, **HTMX)
    draft.refresh_from_db()
    response = client.post(url, {"text": "x" * 100_000, "base_version": draft.version}, **HTMX)
    assert response.status_code < 500
    assert "paling banyak 5000" in response.content.decode()
    draft.refresh_from_db()
    assert draft.note == "Mohon dibahas."
