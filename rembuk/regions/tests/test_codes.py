import pytest
from django.db import connection
from django.db.models.functions import Collate

from rembuk.core import history
from rembuk.regions import codes
from rembuk.regions.models import Region, region_id_for
from rembuk.support.models import SupportRequest

DESA = "53.18.11.2006"


def codes_of(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_a_code_is_cut_to_the_regions_that_hold_it():
    assert codes.depth("") == 0
    assert [codes.depth(c) for c in ("53", "53.18", "53.18.11", DESA)] == [1, 2, 3, 4]
    assert codes.provinsi_of(DESA) == "53"
    assert codes.kabupaten_of(DESA) == "53.18"
    assert codes.kecamatan_of(DESA) == "53.18.11"
    assert codes.kecamatan_of("53.18.11") == "53.18.11"
    assert codes.kabupaten_of("53") == "53"  # never deeper than the code itself
    assert codes.parent_of(DESA) == "53.18.11"
    assert codes.parent_of("53") == ""


def test_ancestors_are_listed_broadest_first():
    assert codes.ancestors(DESA) == ["53", "53.18", "53.18.11"]
    assert codes.ancestors("53") == []
    assert codes.with_ancestors("53.18.11") == ["53", "53.18", "53.18.11"]
    assert codes.with_ancestors("") == []


def test_a_region_covers_itself_and_what_lies_below_it_only():
    assert codes.covers("53.18", "53.18")
    assert codes.covers("53.18", DESA)
    assert codes.covers("", DESA)  # the whole country
    assert not codes.covers("53.1", "53.18")  # a shared first digit is not nesting
    assert not codes.covers("53.18", "53.180")
    assert not codes.covers(DESA, "53.18")


def test_outermost_drops_the_codes_another_one_covers():
    assert codes.outermost(["53.18", "53", "81.05.15", "81.05"]) == ["53", "81.05"]
    assert codes.outermost(["53.18.11", ""]) == [""]
    assert codes.outermost([]) == []


def test_a_kelurahan_is_told_from_a_desa_by_its_code():
    assert codes.is_kelurahan("53.18.11.1001")
    assert not codes.is_kelurahan(DESA)
    assert not codes.is_kelurahan("53.18.11")


@pytest.mark.django_db
def test_under_finds_exactly_the_region_and_what_lies_below_it():
    # Codes that share a prefix without nesting: 53.1 is not above 53.18, 53.180 not below it.
    for code, parent in (("53.1", "53"), ("53.180", "53")):
        history.create(
            Region,
            actor=None,
            id=region_id_for(code),
            code=code,
            name=f"Uji {code}",
            level=Region.Level.KABUPATEN,
            parent=Region.objects.get(code=parent),
        )
    every = list(Region.objects.values_list("code", flat=True))
    for scope in ("53", "53.1", "53.18", "53.18.11", DESA, "81.05.15", "99"):
        found = codes_of(Region.objects.filter(codes.under("code", scope)))
        assert found == {code for code in every if codes.covers(scope, code)}, scope
    below = codes_of(Region.objects.filter(codes.below("code", "53.18.11")))
    assert "53.18.11" not in below and DESA in below
    assert codes_of(Region.objects.filter(codes.under_any("code", ["81.05", "81.05.15"]))) == {
        code for code in every if codes.covers("81.05", code)
    }
    assert not Region.objects.filter(codes.under_any("code", [])).exists()
    assert Region.objects.filter(codes.under_any("code", [""])).count() == len(every)


@pytest.mark.django_db
def test_a_code_being_typed_finds_the_codes_that_start_with_it():
    found = Region.objects.filter(codes.starting_with("code", "53.18.1")).values_list(
        "code", flat=True
    )
    assert found and all(code.startswith("53.18.1") for code in found)
    assert "53.18.11" in found and "53.18.04" not in found


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A few hundred pilot rows: without this the planner rightly prefers reading them
            # all. The question is whether the condition can use the index at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_scoping_condition_is_answered_from_the_code_index():
    regions = _plan(Region.objects.filter(codes.under("code", "53.18.11")))
    requests = _plan(SupportRequest.objects.filter(codes.under("desa__code", "53.18.11")))
    if connection.vendor == "postgresql":
        for plan in (regions, requests):
            assert "Seq Scan on regions_region" not in plan, plan
            assert "Index Cond: (((code)::text >= '53.18.11'::text)" in plan, plan
    else:
        for plan in (regions, requests):
            assert "SEARCH regions_region USING INDEX" in plan, plan
            assert "(code>? AND code<?)" in plan, plan


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite compares text byte by byte, always"
)
def test_the_condition_stays_exact_under_a_collation_that_ignores_punctuation():
    # A hub created with a linguistic locale compares '53.18.01' and '53.18/' as '531801'
    # and '5318': a range on the dotted prefix alone would find nothing below the region.
    # (Created inside the test's transaction, so it is rolled back with it.)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE COLLATION ignoring_punctuation (provider = icu, locale = 'und-u-ka-shifted')"
        )
    collated = Region.objects.annotate(sorted_code=Collate("code", "ignoring_punctuation"))
    naive = collated.filter(sorted_code__gte="53.18.", sorted_code__lt="53.18/")
    assert not naive.exists()
    found = codes_of(collated.filter(codes.under("sorted_code", "53.18")))
    expected = codes_of(Region.objects.filter(codes.under("code", "53.18")))
    assert DESA in found and found == expected
