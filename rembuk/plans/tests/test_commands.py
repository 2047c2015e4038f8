"""Tests of the import_plan and export_plan management commands."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from openpyxl import load_workbook
from pypdf import PdfReader

from rembuk.core.models import ChangeLog
from rembuk.core.testing import UserFactory, full_plan
from rembuk.plans.models import Activity, Goal, LivelihoodPlan
from rembuk.plans.tests.files import matriks_10_bytes, template_rows, workbook_bytes

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_plan_creates_the_plan(tmp_path):
    path = tmp_path / "matriks10.xlsx"
    path.write_bytes(matriks_10_bytes())
    UserFactory(username="camat")
    out, _err = run("import_plan", str(path), "--desa", WAINYAPU, "--period", "2024-2025",
                    "--user", "camat")  # fmt: skip
    assert "2 goals, 4 milestones, 4 activities" in out
    plan = LivelihoodPlan.objects.get(desa__code=WAINYAPU)
    assert plan.changed_by is not None and plan.changed_by.username == "camat"


def test_import_plan_prints_every_error_and_writes_nothing(tmp_path):
    rows = template_rows(goals=1, activities_per_goal=2)
    rows[0][9] = "Dana rahasia"
    rows[1][10] = "Bulan"
    path = tmp_path / "salah.xlsx"
    path.write_bytes(workbook_bytes(rows))
    before = (Goal.all_objects.count(), Activity.all_objects.count(), ChangeLog.objects.count())
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 2 problem"):
        call_command("import_plan", str(path), "--desa", WAINYAPU, "--period", "2024", stderr=err)
    # The problems are listed in Indonesian, the default language.
    assert "baris 4, kolom J (Sumber Pembiayaan)" in err.getvalue()
    assert "baris 5, kolom K (Kewenangan)" in err.getvalue()
    after = (Goal.all_objects.count(), Activity.all_objects.count(), ChangeLog.objects.count())
    assert after == before
    assert not LivelihoodPlan.all_objects.exists()


def test_import_plan_refuses_an_unknown_desa_and_a_missing_file(tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(matriks_10_bytes())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), "--desa", "99.99", "--period", "2024", stderr=err)
    assert "99.99" in err.getvalue()
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_plan", str(tmp_path / "nope.xlsx"), "--desa", WAINYAPU,
                     "--period", "2024")  # fmt: skip


@override_settings(REMBUK_MAX_UPLOAD_BYTES=1024)
def test_import_plan_refuses_a_file_over_the_limit(tmp_path):
    path = tmp_path / "besar.xlsx"
    path.write_bytes(matriks_10_bytes())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), "--desa", WAINYAPU, "--period", "2024", stderr=err)
    assert "MB" in err.getvalue()
    assert not LivelihoodPlan.all_objects.exists()


def test_export_plan_writes_xlsx_and_pdf(tmp_path):
    full_plan(WAINYAPU, goals=2, activities_per_goal=2)
    xlsx, pdf = tmp_path / "plan.xlsx", tmp_path / "plan.pdf"
    run("export_plan", "--desa", WAINYAPU, "--period", "2024-2025", "--format", "xlsx",
        "--output", str(xlsx))  # fmt: skip
    run("export_plan", "--desa", WAINYAPU, "--period", "2024–2025", "--format", "pdf",
        "--output", str(pdf))  # fmt: skip
    values = [c.value for row in load_workbook(xlsx)["Rencana"].iter_rows() for c in row]
    assert "Kegiatan 2.2" in values
    assert "Kegiatan 2.2" in "".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_an_exported_plan_imports_again_from_the_command_line(tmp_path):
    full_plan(WAINYAPU, goals=2, activities_per_goal=3)
    path = tmp_path / "plan.xlsx"
    run("export_plan", "--desa", WAINYAPU, "--period", "2024-2025", "--output", str(path))
    out, _ = run("import_plan", str(path), "--desa", WAINYAPU, "--period", "2026-2027")
    assert "2 goals, 2 milestones, 6 activities" in out


def test_export_plan_says_when_there_is_no_such_plan(tmp_path):
    with pytest.raises(CommandError, match="No plan of desa"):
        call_command("export_plan", "--desa", WAINYAPU, "--period", "2030",
                     "--output", str(tmp_path / "x.pdf"))  # fmt: skip
