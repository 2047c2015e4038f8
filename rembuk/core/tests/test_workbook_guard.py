"""An uploaded workbook is refused before a library holds it, when it would cost too much to read
(rembuk/core/workbook_guard.py), and through the plan import page with a clear message."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from rembuk.core.testing import user_with_role
from rembuk.core.workbook_guard import MAX_TEXT_CHARS, WorkbookRefused, check_workbook
from rembuk.plans.tests.files import template_rows, workbook_bytes

WAINYAPU = "53.18.11.2006"


def _rewritten(data: bytes, **parts: bytes) -> bytes:
    """The workbook with some of its parts replaced."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, parts.get(item.filename, source.read(item.filename)))
        for name, content in parts.items():
            if name not in source.namelist():
                target.writestr(name, content)
    return out.getvalue()


def _good() -> bytes:
    return workbook_bytes(template_rows(goals=1, activities_per_goal=2))


def _shared_strings(text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
    ).encode()


def test_a_plain_workbook_passes_and_the_stream_is_left_at_its_start():
    stream = io.BytesIO(_good())
    check_workbook(stream)
    assert stream.tell() == 0


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_cell_of_a_hundred_megabytes_is_refused_without_holding_it():
    bomb = _rewritten(_good(), **{"xl/sharedStrings.xml": _shared_strings("A" * 30_000_000)})
    assert len(bomb) < 100_000  # small on the wire, 30 MB of one cell once unpacked
    tracemalloc.start()
    with pytest.raises(WorkbookRefused, match=str(MAX_TEXT_CHARS)):
        check_workbook(io.BytesIO(bomb))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 2_000_000  # read in chunks: never the whole cell


def test_entity_declarations_in_workbook_xml_are_refused_with_a_reason():
    declared = (
        b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><workbook>&b;</workbook>'
    )
    with pytest.raises(WorkbookRefused, match="DTD or entities"):
        check_workbook(io.BytesIO(_rewritten(_good(), **{"xl/workbook.xml": declared})))


def test_a_workbook_too_large_once_unpacked_is_refused():
    big = _rewritten(_good(), **{"xl/media/padding.xml": b"<a>" + b"<b/>" * 9_000_000 + b"</a>"})
    with pytest.raises(WorkbookRefused, match="too large"):
        check_workbook(io.BytesIO(big))


def test_damaged_xml_is_refused_as_damaged():
    with pytest.raises(WorkbookRefused, match="damaged"):
        check_workbook(io.BytesIO(_rewritten(_good(), **{"xl/workbook.xml": b"<workbook><"})))


@pytest.mark.django_db
@override_settings(REMBUK_MAX_UPLOAD_BYTES=10 * 1024 * 1024)
def test_the_import_page_says_why_an_entity_workbook_is_refused_and_imports_nothing(client):
    from rembuk.plans.models import LivelihoodPlan

    client.force_login(user_with_role("tim_desa", WAINYAPU, language="id"))
    declared = b'<!DOCTYPE x [<!ENTITY e "x">]><workbook>&e;</workbook>'
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "rencana.xlsx", _rewritten(_good(), **{"xl/workbook.xml": declared})
    )
    response = client.post(
        reverse("plans:plan_import"), {"desa": WAINYAPU, "period": "2024-2025", "file": upload}
    )
    assert response.status_code == 200
    assert "DTD" in response.content.decode()
    assert not LivelihoodPlan.all_objects.exists()
