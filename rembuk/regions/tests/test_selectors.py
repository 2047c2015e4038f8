import pytest

from rembuk.core.testing import region
from rembuk.regions import selectors
from rembuk.regions.models import Region

pytestmark = pytest.mark.django_db


def _codes(regions):
    return [r.code for r in regions]


@pytest.mark.parametrize("query", ["wainyapu", "WAINYAPU", "Wainya", "ainyap"])
def test_search_finds_a_desa_by_part_of_its_name_in_any_case(query):
    assert "53.18.11.2006" in _codes(selectors.region_search(query))


def test_search_by_a_code_finds_the_region_and_everything_below_it():
    codes = _codes(selectors.region_search("53.18.11"))
    assert codes[0] == "53.18.11"
    assert len(codes) == 1 + 8
    assert all(code.startswith("53.18.11") for code in codes)


def test_search_by_a_partial_last_segment_of_a_code_matches_its_start():
    codes = _codes(selectors.region_search("53.18.11.200"))
    assert "53.18.11.2006" in codes and "53.18.1" not in codes


def test_search_lists_broader_regions_before_desa():
    results = list(selectors.region_search("kodi"))
    levels = [r.level for r in results]
    assert levels.index(Region.Level.DESA) > levels.index(Region.Level.KECAMATAN)
    assert {"Kodi", "Kodi Balaghar", "Kodi Utara", "Kodi Bangedo"} <= {r.name for r in results}


def test_an_empty_search_finds_nothing():
    assert not selectors.region_search("   ").exists()


def test_search_can_be_limited_to_regions_under_some_codes():
    codes = _codes(selectors.region_search("wai", within=["81.05"]))
    assert codes and all(code.startswith("81.05.") for code in codes)


def test_breadcrumbs_run_from_the_provinsi_down():
    assert _codes(selectors.breadcrumbs(region("53.18.11.2006"))) == ["53", "53.18", "53.18.11"]
    assert selectors.breadcrumbs(region("53")) == []
