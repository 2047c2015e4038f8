import gzip
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from rembuk.core.models import ChangeLog
from rembuk.regions.models import Region, region_id_for
from rembuk.regions.services import PILOT_FILE, regions_import

pytestmark = pytest.mark.django_db

HEADER = "code,name,level,parent_code\n"


def _write(tmp_path, text, name="regions.csv"):
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_importing_the_pilot_file_again_changes_nothing():
    before = (Region.all_objects.count(), ChangeLog.objects.count())
    result = regions_import(path=PILOT_FILE)
    assert (result.created, result.renamed, result.unchanged) == (0, 0, 404)
    assert (Region.all_objects.count(), ChangeLog.objects.count()) == before


def test_the_pilot_file_holds_both_kabupaten_with_their_kecamatan_and_desa():
    assert Region.objects.filter(level="kabupaten").count() == 2
    assert Region.objects.filter(code__startswith="81.05.", level="kecamatan").count() == 16
    assert Region.objects.filter(code__startswith="53.18.", level="desa").count() == 175
    wainyapu = Region.objects.get(code="53.18.11.2006")
    assert (wainyapu.name, wainyapu.parent.code, wainyapu.id) == (
        "Wainyapu",
        "53.18.11",
        region_id_for("53.18.11.2006"),
    )


def test_a_changed_name_is_updated_and_the_old_name_stays_in_the_history(tmp_path):
    path = _write(
        tmp_path,
        HEADER + "53,Nusa Tenggara Timur,provinsi,\n53.18,Kabupaten Sumba Barat Daya,kabupaten,53\n"
        "53.18.11,Kodi Balaghar Baru,kecamatan,53.18\n",
    )
    result = regions_import(path=path)
    assert result.renamed == 1
    assert Region.objects.get(code="53.18.11").name == "Kodi Balaghar Baru"
    entry = ChangeLog.objects.filter(object_id=region_id_for("53.18.11")).latest("seq")
    assert entry.changes == {"name": ["Kodi Balaghar", "Kodi Balaghar Baru"]}


def test_new_codes_are_added_with_their_parents_from_a_gzipped_file(tmp_path):
    path = _write(
        tmp_path,
        HEADER + "99,Provinsi Uji,provinsi,\n99.01,Kabupaten Uji,kabupaten,99\n",
        name="uji.csv.gz",
    )
    result = regions_import(path=path)
    assert result.created == 2
    assert Region.objects.get(code="99.01").parent.code == "99"
    assert ChangeLog.objects.filter(object_id=region_id_for("99.01"), action="create").exists()


def test_codes_missing_from_the_file_are_reported_and_never_deleted(tmp_path):
    path = _write(tmp_path, HEADER + "53,Nusa Tenggara Timur,provinsi,\n")
    result = regions_import(path=path)
    assert "53.18.11.2006" in result.missing_from_file
    assert Region.objects.filter(code="53.18.11.2006").exists()


@pytest.mark.parametrize(
    "text",
    ["kode,nama\n53,NTT\n", HEADER + "53,NTT\n", HEADER + "53,NTT,negara,\n"],
    ids=["wrong-header", "short-row", "unknown-level"],
)
def test_a_malformed_file_is_refused_and_nothing_is_written(tmp_path, text):
    before = (Region.all_objects.count(), ChangeLog.objects.count())
    with pytest.raises(ValidationError):
        regions_import(path=_write(tmp_path, text))
    assert (Region.all_objects.count(), ChangeLog.objects.count()) == before


def test_the_command_reports_what_it_did():
    out = StringIO()
    call_command("import_regions", stdout=out)
    assert "pilot.csv" in out.getvalue()
    assert "404" in out.getvalue()
