import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from pypdf import PdfReader

from rembuk.core.testing import docx_columns_cm, full_plan, region, user_with_role
from rembuk.evaluation import services
from rembuk.evaluation.documents import COLUMN_CM
from rembuk.evaluation.models import GoalEvaluation, LivelihoodAssets, PlanEvaluation
from rembuk.evaluation.tests.conftest import (
    KODI_BALAGHAR,
    OTHER_DESA,
    TELUK_WARU,
    WAINYAPU,
    evaluate,
)
from rembuk.plans.models import Goal, LivelihoodPlan

pytestmark = pytest.mark.django_db


def login(client, role, code):
    user = user_with_role(role, code, language="en")
    client.force_login(user)
    return user


def url(name, plan):
    return reverse(f"evaluation:{name}", args=[plan.pk])


def form_post(plan, *, carry_first_activity_only=True):
    goals = list(plan.goals.order_by("position"))
    data = {"date": "2025-12-10", "participants": "Tim Desa", "notes": "Catatan"}
    for goal in goals:
        prefix = str(goal.id)
        data.update(
            {
                f"{prefix}-achieved": f"Capaian {goal.statement}",
                f"{prefix}-result": "sebagian",
                f"{prefix}-factors": "Cuaca",
                f"{prefix}-keep": "Gotong royong",
                f"{prefix}-change": "Jadwal penyuluhan",
            }
        )
    first = goals[0]
    data[f"{first.id}-carry_forward"] = "on"
    data[f"{first.id}-activities"] = [str(first.activities.order_by("position").first().id)]
    return data


def test_a_kecamatan_user_fills_the_evaluation_and_reads_it(client, plan):
    login(client, "kecamatan", KODI_BALAGHAR)
    page = client.get(url("evaluation_edit", plan))
    assert page.status_code == 200
    # A date input only shows an ISO date, whatever the language.
    assert f'value="{timezone.localdate():%d-%m-%Y}"' in page.content.decode()
    response = client.post(url("evaluation_edit", plan), form_post(plan))
    assert response.status_code == 302
    assert response["Location"] == url("evaluation_detail", plan)
    evaluation = PlanEvaluation.objects.get(plan=plan)
    rows = GoalEvaluation.objects.filter(evaluation=evaluation)
    assert rows.count() == 2 and rows.filter(carry_forward=True).count() == 1
    detail = client.get(url("evaluation_detail", plan)).content.decode()
    assert "Capaian Tujuan 1" in detail and "Jadwal penyuluhan" in detail


def test_outside_the_edit_scope_the_form_and_the_next_plan_are_404(client, plan):
    login(client, "tim_desa", OTHER_DESA)
    for name in (
        "evaluation_edit",
        "next_plan",
        "evaluation_detail",
        "evaluation_pdf",
        "plan_panel",
    ):
        assert client.get(url(name, plan)).status_code == 404, name
    assert (
        client.post(url("next_plan", plan), {"period_start": 2026, "period_end": 2027}).status_code
        == 404
    )


def test_a_reader_sees_the_evaluation_but_cannot_edit_it(client, plan):
    login(client, "tim_kabupaten", "53.18")
    assert client.get(url("evaluation_detail", plan)).status_code == 200
    assert client.get(url("evaluation_edit", plan)).status_code == 403


def test_another_kabupaten_gets_404(client, plan):
    login(client, "kecamatan", TELUK_WARU)
    assert client.get(url("evaluation_detail", plan)).status_code == 404
    assert client.get(reverse("evaluation:assets_list", args=[WAINYAPU])).status_code == 404


def test_the_evaluation_page_costs_the_same_queries_for_big_and_small_plans(
    client, kecamatan_user, django_assert_num_queries
):
    client.force_login(kecamatan_user)
    small = full_plan(WAINYAPU, goals=2, activities_per_goal=1)
    big = full_plan(OTHER_DESA, goals=5, activities_per_goal=8)
    evaluate(small, kecamatan_user)
    evaluate(big, kecamatan_user)
    client.get(url("evaluation_edit", small))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("evaluation_edit", small)).status_code == 200
    with django_assert_num_queries(len(few)):
        assert client.get(url("evaluation_edit", big)).status_code == 200
    with django_assert_num_queries(len(few)):
        assert client.get(url("evaluation_detail", big)).status_code == 200
    # session, user, memberships, plan, 3 matrix, evaluation, its goal rows, reviews, assets,
    # next plans, previous results (none: no query), unread notifications (header)
    assert len(few) == 13


def test_the_village_pdf_and_docx_read_back(client, plan, kecamatan_user):
    client.force_login(kecamatan_user)
    evaluate(plan, kecamatan_user)
    services.assets_create(
        desa=plan.desa, year=2025, actor=kecamatan_user, households=312, shocks="Kemarau panjang"
    )
    with translation.override("en"):
        pdf = client.get(url("evaluation_pdf", plan))
        assert pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Wainyapu" in text and "Cari pembeli jagung" in text and "Kemarau panjang" in text
    docx = client.get(url("evaluation_docx", plan))
    document = Document(io.BytesIO(docx.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("Cari pembeli jagung sebelum panen" in c for c in cells)
    # Laid out as set, in LibreOffice too (its grid was of equal columns).
    assert docx_columns_cm(document.tables[0]) == list(COLUMN_CM)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Kemarau panjang" in body and "312" in body


def test_the_kecamatan_report_has_a_table_per_evaluated_desa(client, kecamatan_user):
    client.force_login(kecamatan_user)
    first = full_plan(WAINYAPU, goals=2, activities_per_goal=1)
    second = full_plan(OTHER_DESA, goals=2, activities_per_goal=1)
    full_plan("53.18.11.2002", goals=1, activities_per_goal=1)  # not evaluated: left out
    evaluate(first, kecamatan_user)
    evaluate(second, kecamatan_user)
    listing = client.get(reverse("evaluation:kecamatan_evaluations", args=[KODI_BALAGHAR]))
    assert listing.status_code == 200
    args = [KODI_BALAGHAR, 2024, 2025]
    docx = client.get(reverse("evaluation:kecamatan_docx", args=args))
    document = Document(io.BytesIO(docx.content))
    assert len(document.tables) == 2
    pdf = client.get(reverse("evaluation:kecamatan_pdf", args=args))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    names = [region(WAINYAPU).name, region(OTHER_DESA).name]
    assert all(name in text for name in names)
    assert region("53.18.11.2002").name not in text


def test_the_kecamatan_report_outside_scope_is_404(client):
    login(client, "kecamatan", TELUK_WARU)
    args = [KODI_BALAGHAR, 2024, 2025]
    assert client.get(reverse("evaluation:kecamatan_pdf", args=args)).status_code == 404


def test_starting_the_next_plan_opens_it_with_the_continued_goals(client, plan, kecamatan_user):
    client.force_login(kecamatan_user)
    evaluate(plan, kecamatan_user)
    response = client.post(url("next_plan", plan), {"period_start": 2026, "period_end": 2027})
    new = LivelihoodPlan.objects.get(previous_plan=plan)
    assert response["Location"] == reverse("plans:plan_detail", args=[new.pk])
    assert list(Goal.objects.filter(plan=new).values_list("statement", flat=True)) == ["Tujuan 1"]
    panel = client.get(url("plan_panel", new), HTTP_HX_REQUEST="true").content.decode()
    assert "Cari pembeli jagung sebelum panen" in panel  # what to change, while editing
    assert reverse("plans:plan_detail", args=[plan.pk]) in panel
    old_panel = client.get(url("plan_panel", plan)).content.decode()
    assert reverse("plans:plan_detail", args=[new.pk]) in old_panel


def test_starting_an_overlapping_next_plan_says_why(client, plan, kecamatan_user):
    client.force_login(kecamatan_user)
    client.post(url("next_plan", plan), {"period_start": 2026, "period_end": 2027})
    with translation.override("en"):
        again = client.post(url("next_plan", plan), {"period_start": 2026, "period_end": 2027})
    assert again.status_code == 200
    assert "already has a plan overlapping 2026–2027" in again.content.decode()
    assert LivelihoodPlan.objects.filter(previous_plan=plan).count() == 1


def test_the_plan_page_links_the_panel_and_the_evaluation(client, plan, kecamatan_user):
    client.force_login(kecamatan_user)
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert url("plan_panel", plan) in page and url("evaluation_detail", plan) in page


def test_an_assets_profile_is_entered_and_edited_from_a_phone_form(client, kecamatan_user):
    client.force_login(kecamatan_user)
    add = reverse("evaluation:assets_add", args=[WAINYAPU])
    assert client.get(add).status_code == 200
    assert (
        client.post(add, {"year": 2025, "households": "412", "natural": "Laut, jagung"}).status_code
        == 302
    )
    assets = LivelihoodAssets.objects.get(desa__code=WAINYAPU)
    assert (assets.households, assets.natural, assets.poor_households) == (
        412,
        "Laut, jagung",
        None,
    )
    with translation.override("en"):
        again = client.post(add, {"year": 2025})
    assert (
        again.status_code == 200
        and "already has a livelihood assets profile" in again.content.decode()
    )
    edit = reverse("evaluation:assets_edit", args=[assets.pk])
    data = {"year": 2025, "households": "415", "base_version": assets.version}
    assert client.post(edit, data).status_code == 302
    assert LivelihoodAssets.objects.get(pk=assets.pk).households == 415
    listing = client.get(reverse("evaluation:assets_list", args=[WAINYAPU])).content.decode()
    assert "415" in listing


def test_a_village_user_of_another_desa_cannot_edit_its_assets(client, kecamatan_user):
    assets = services.assets_create(desa=region(WAINYAPU), year=2025, actor=kecamatan_user)
    login(client, "tim_desa", OTHER_DESA)
    assert client.get(reverse("evaluation:assets_edit", args=[assets.pk])).status_code == 404
    assert client.get(reverse("evaluation:assets_add", args=[WAINYAPU])).status_code == 404


def test_the_next_plans_report_lists_the_previous_results(client, plan, kecamatan_user):
    client.force_login(kecamatan_user)
    evaluate(plan, kecamatan_user)
    new = services.next_plan_from(plan=plan, actor=kecamatan_user)
    document = Document(io.BytesIO(client.get(url("evaluation_docx", new)).content))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 2 and bullets[0].startswith("Tujuan 1")
    pdf = client.get(url("evaluation_pdf", new))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Tujuan 2" in text  # the previous plan's goal that stopped, with its result


def test_a_stale_evaluation_form_is_refused_and_the_other_text_is_shown(client, plan):
    """Two people open the form; the first saves; the second's save of the same field is
    refused with the first one's text shown, and goes through once merged by hand."""
    login(client, "kecamatan", KODI_BALAGHAR)
    first = form_post(plan)
    first["base_version"] = "0"
    goal = plan.goals.order_by("position").first()
    for g in plan.goals.all():
        first[f"{g.id}-base_version"] = "0"
    assert client.post(url("evaluation_edit", plan), first).status_code == 302

    second = dict(first)
    second[f"{goal.id}-factors"] = "Penyuluh jarang datang"
    second[f"{goal.id}-achieved"] = "Capaian menurut orang kedua"
    # The first person has meanwhile saved a newer text of the same field.
    newer = dict(first)
    newer["base_version"] = str(PlanEvaluation.objects.get(plan=plan).version)
    for g in plan.goals.all():
        newer[f"{g.id}-base_version"] = str(GoalEvaluation.objects.get(goal=g).version)
    newer[f"{goal.id}-achieved"] = "Capaian menurut orang pertama"
    assert client.post(url("evaluation_edit", plan), newer).status_code == 302

    refused = client.post(url("evaluation_edit", plan), second)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Capaian menurut orang pertama" in page  # what the other person saved
    assert "Capaian menurut orang kedua" in page  # the person's own text is kept
    row = GoalEvaluation.objects.get(goal=goal)
    assert row.achieved == "Capaian menurut orang pertama"
    assert row.factors == "Cuaca"  # nothing of the refused save was written

    # The form now carries the current versions: saving the merged text goes through.
    moved = refused.context["goal_forms"][0]
    assert str(moved.data[f"{goal.id}-base_version"]) == str(row.version)
    merged = dict(second)
    merged["base_version"] = refused.context["form"].data["base_version"]
    for bound in refused.context["goal_forms"]:
        merged[bound.add_prefix("base_version")] = bound.data[bound.add_prefix("base_version")]
    merged[f"{goal.id}-achieved"] = "Capaian gabungan"
    assert client.post(url("evaluation_edit", plan), merged).status_code == 302
    row.refresh_from_db()
    assert (row.achieved, row.factors) == ("Capaian gabungan", "Penyuluh jarang datang")


def test_a_kecamatan_with_many_evaluations_is_built_by_the_worker(
    client, kecamatan_user, monkeypatch
):
    from dataclasses import replace

    from rembuk.evaluation.documents import KECAMATAN_EVALUATION
    from rembuk.reports import background
    from rembuk.reports.models import DocumentExport

    kind = background.kinds()[KECAMATAN_EVALUATION]
    monkeypatch.setitem(background.kinds(), KECAMATAN_EVALUATION, replace(kind, sync_parts=1))
    client.force_login(kecamatan_user)
    for code in (WAINYAPU, OTHER_DESA):
        evaluate(full_plan(code, goals=2, activities_per_goal=1), kecamatan_user)
    response = client.get(reverse("evaluation:kecamatan_pdf", args=[KODI_BALAGHAR, 2024, 2025]))
    export = DocumentExport.objects.get(kind=KECAMATAN_EVALUATION)
    assert response["Location"] == reverse("reports:export_status", args=[export.pk])
    assert export.ref == f"{KODI_BALAGHAR}:2024:2025"
    client.post(reverse("reports:export_retry", args=[export.pk]))  # no worker in tests
    file = client.get(reverse("reports:export_file", args=[export.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(file.content)).pages)
    assert region(WAINYAPU).name in text and region(OTHER_DESA).name in text
    login(client, "kecamatan", TELUK_WARU)
    assert client.get(reverse("reports:export_status", args=[export.pk])).status_code == 404


@pytest.mark.parametrize(
    ("answer", "by_the_worker"),
    [("Kelompok simpan pinjam", False), ("Kelompok simpan pinjam. " * 40, True)],
)
def test_long_answers_send_a_kecamatan_s_evaluation_to_the_worker(
    client, kecamatan_user, answer, by_the_worker
):
    """Two desa are built in the request; two answers that break across pages would lay the
    document out twice more (print_rows), so the worker builds it (documents._evaluated)."""
    from rembuk.evaluation.documents import KECAMATAN_EVALUATION
    from rembuk.reports.models import DocumentExport

    client.force_login(kecamatan_user)
    for code in (WAINYAPU, OTHER_DESA):
        evaluate(full_plan(code, goals=2, activities_per_goal=1), kecamatan_user, keep=answer)
    response = client.get(reverse("evaluation:kecamatan_pdf", args=[KODI_BALAGHAR, 2024, 2025]))
    if by_the_worker:
        export = DocumentExport.objects.get(kind=KECAMATAN_EVALUATION)
        assert response["Location"] == reverse("reports:export_status", args=[export.pk])
    else:
        assert response["Content-Type"] == "application/pdf"
