"""Tests of rembuk/plans/views_transfer.py: template download, import page, XLSX / PDF downloads."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from rembuk.core.models import ChangeLog
from rembuk.core.testing import PlanFactory, full_plan, region, user_with_role
from rembuk.plans.models import Activity, Goal, LivelihoodPlan, Milestone
from rembuk.plans.tests.files import matriks_10_bytes, template_rows, workbook_bytes

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"
OTHER_DESA = "53.18.11.2001"


def counts() -> tuple[int, ...]:
    return (
        LivelihoodPlan.all_objects.count(),
        Goal.all_objects.count(),
        Milestone.all_objects.count(),
        Activity.all_objects.count(),
        ChangeLog.objects.count(),
    )


def upload(data: bytes, name: str = "rencana.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def village(client):
    client.force_login(user_with_role("tim_desa", WAINYAPU, language="en"))
    return client


def test_anyone_signed_in_downloads_the_template(client):
    client.force_login(user_with_role("opd", "53.18", language="en"))
    response = client.get(reverse("plans:plan_template_xlsx"))
    assert response.status_code == 200
    assert "templat-rencana-penghidupan-desa.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Rencana", "Petunjuk", "Contoh"]


def test_the_template_is_not_public(client):
    response = client.get(reverse("plans:plan_template_xlsx"))
    assert response.status_code == 302


def test_the_import_form_offers_only_the_desa_the_user_may_edit(client):
    client.force_login(user_with_role("kecamatan", "53.18.11", language="en"))
    response = client.get(reverse("plans:plan_import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{WAINYAPU}"' in html
    assert 'value="81.05.15.2001"' not in html  # Waru lies in another kabupaten
    assert reverse("plans:plan_template_xlsx") in html


def test_read_only_roles_cannot_open_the_import_page(client):
    client.force_login(user_with_role("tim_kabupaten", "53.18", language="en"))
    assert client.get(reverse("plans:plan_import")).status_code == 403


def test_a_desa_outside_the_users_scope_is_a_404(village):
    before = counts()
    response = village.post(
        reverse("plans:plan_import"),
        {"desa": OTHER_DESA, "period": "2024-2025", "file": upload(matriks_10_bytes())},
    )
    assert response.status_code == 404
    assert counts() == before
    assert village.get(reverse("plans:plan_import") + f"?desa={OTHER_DESA}").status_code == 404


def test_a_good_file_is_imported_and_opens_the_plan(village):
    response = village.post(
        reverse("plans:plan_import"),
        {"desa": WAINYAPU, "period": "2024–2025", "file": upload(matriks_10_bytes())},
    )
    plan = LivelihoodPlan.objects.get(desa__code=WAINYAPU)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Imported: 2 goals, 4 intermediate goals, 4 activities."
    assert (plan.period_start, plan.period_end) == (2024, 2025)


def test_upload_errors_are_listed_with_row_and_column_and_nothing_is_written(village):
    rows = template_rows(goals=1, activities_per_goal=2)
    rows[1][9] = "<em>Dana gaib"
    before = counts()
    response = village.post(
        reverse("plans:plan_import"),
        {"desa": WAINYAPU, "period": "2024-2025", "file": upload(workbook_bytes(rows))},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "<td>Rencana</td>" in html
    assert '<td class="num">5</td>' in html
    assert "J (Sumber Pembiayaan)" in html
    assert "&lt;em&gt;Dana gaib" in html  # the cell text is shown escaped
    assert "<em>Dana gaib" not in html
    assert counts() == before


def test_a_text_file_renamed_xlsx_gets_a_clear_message(village):
    response = village.post(
        reverse("plans:plan_import"),
        {"desa": WAINYAPU, "period": "2024-2025", "file": upload(b"just some text\n")},
    )
    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()


@override_settings(REMBUK_MAX_UPLOAD_BYTES=2048)
def test_a_file_over_the_limit_is_refused(village):
    before = counts()
    response = village.post(
        reverse("plans:plan_import"),
        {"desa": WAINYAPU, "period": "2024-2025", "file": upload(matriks_10_bytes())},
    )
    assert "at most" in response.content.decode()
    assert counts() == before


def test_an_overlapping_period_is_refused_on_the_page(village):
    PlanFactory(desa=region(WAINYAPU), period_start=2025, period_end=2026)
    response = village.post(
        reverse("plans:plan_import"),
        {"desa": WAINYAPU, "period": "2024-2025", "file": upload(matriks_10_bytes())},
    )
    assert "overlaps" in response.content.decode()
    assert LivelihoodPlan.objects.filter(desa__code=WAINYAPU).count() == 1


def test_a_missing_file_is_a_form_error_shown_above_the_file_field(village):
    response = village.post(reverse("plans:plan_import"), {"desa": WAINYAPU, "period": "2024"})
    assert response.status_code == 200
    assert LivelihoodPlan.objects.count() == 0
    page = response.content.decode()
    # Between the file field's label and the field: below it, it read as the next line's error.
    label, error, field = (
        page.index('for="id_file"'),
        page.index('class="errorlist'),
        page.index('type="file"'),
    )
    assert label < error < field


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("tim_desa", WAINYAPU, 200),
        ("tim_kabupaten", "53.18", 200),
        ("opd", "53.18", 200),
        ("tim_desa", OTHER_DESA, 404),
        ("kecamatan", "81.05.15", 404),
    ],
)
def test_downloads_follow_who_may_read_the_plan(client, role, code, status):
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    client.force_login(user_with_role(role, code, language="en"))
    xlsx = client.get(reverse("plans:plan_export_xlsx", args=[plan.pk]))
    pdf = client.get(reverse("plans:plan_export_pdf", args=[plan.pk]))
    assert (xlsx.status_code, pdf.status_code) == (status, status)
    if status == 200:
        assert 'filename="rencana-wainyapu-2024-2025.xlsx"' in xlsx["Content-Disposition"]
        assert 'filename="rencana-wainyapu-2024-2025.pdf"' in pdf["Content-Disposition"]
        assert pdf["Content-Type"] == "application/pdf"
        text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
        assert "Kegiatan 1.2" in text
        ws = load_workbook(io.BytesIO(xlsx.content))["Rencana"]
        assert "Kegiatan 1.2" in [c.value for row in ws.iter_rows() for c in row]


def test_downloads_of_a_deleted_plan_are_404(village):
    from rembuk.core import history

    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    history.soft_delete(plan, actor=None)
    assert village.get(reverse("plans:plan_export_pdf", args=[plan.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["plans:plan_export_xlsx", "plans:plan_export_pdf"])
def test_downloads_take_as_many_queries_for_a_big_plan_as_for_a_small_one(village, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    big = full_plan(OTHER_DESA, goals=3, activities_per_goal=10)
    village.force_login(user_with_role("kecamatan", "53.18.11", language="en"))
    village.get(reverse(url_name, args=[small.pk]))  # warm caches (node id, sessions)
    measured = []
    for plan in (small, big):
        with CaptureQueriesContext(connection) as captured:
            assert village.get(reverse(url_name, args=[plan.pk])).status_code == 200
        measured.append(len(captured))
    assert measured[0] == measured[1]
