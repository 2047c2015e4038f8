"""PreparedShapes: each shape's kept SQL answers as the queryset it was compiled from, for any
values — texts found inside parameters (a region's range and LIKE pattern), dates, integers,
UUIDs — and a shape is compiled once."""

import datetime

import pytest
from django.db.models import Q

from rembuk.core.prepared import PreparedShapes
from rembuk.core.testing import region
from rembuk.programme.models import RegionTally
from rembuk.regions import codes
from rembuk.regions.models import Region

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "code", "name", "parent__name", "changed_at")


def _under(_count, *region_codes):
    return (
        Region.objects.filter(codes.under_any("code", region_codes))
        .order_by("code")
        .values_list(*COLUMNS)
    )


def _counting(build):
    """A builder that counts how often it is called: once per shape compiled."""
    calls = []

    def counted(shape, *values):
        calls.append(shape)
        return build(shape, *values)

    return counted, calls


def test_each_shape_answers_as_its_queryset_and_is_compiled_once(django_assert_num_queries):
    build, compiled = _counting(_under)
    prepared = PreparedShapes(build)
    scopes = [["53.18"], ["53.18.11"], ["53.18.01", "53.18.11"], ["53.18"], ["53.18.01"]]
    for scope in scopes:
        with django_assert_num_queries(1):
            rows = prepared.rows(len(scope), *scope)
        assert rows == list(_under(len(scope), *scope))
        assert rows  # the pilot regions are in every test database
    assert compiled == [1, 2]  # one compile for each number of codes
    assert isinstance(rows[0][0], type(region("53.18").pk))  # converted as Django does
    assert rows[0][4] is None or rows[0][4].tzinfo is not None


def test_a_text_with_a_like_wildcard_is_not_slotted_into_a_pattern():
    # "53_18" slotted into the kept "… LIKE '<code>.%'" would match 53.18's villages.
    prepared = PreparedShapes(_under)
    assert prepared.rows(1, "53.18")
    for wildcard in ("53_18", "53%", "5\\3"):
        assert prepared.rows(1, wildcard) == list(_under(1, wildcard)) == []


def test_dates_integers_and_texts_each_in_their_place():
    day = datetime.date(2025, 1, 1)
    for code, when, count in (("53.18", day, 3), ("53.18", day.replace(year=2024), 4)):
        RegionTally.objects.create(
            region_code=code, depth=2, figure="meeting", key="x", day=when, count=count
        )

    def build(_shape, code, depth, when):
        return RegionTally.objects.filter(
            Q(region_code=code, depth=depth) & Q(day__in=[datetime.date(1, 1, 1), when])
        ).values_list("day", "count")

    prepared = PreparedShapes(build)
    assert prepared.rows(None, "53.18", 2, day) == [(day, 3)]
    assert prepared.rows(None, "53.18", 2, day.replace(year=2024)) == [(day.replace(year=2024), 4)]
    assert prepared.rows(None, "53.18", 3, day) == []
    assert prepared.rows(None, "81.05", 2, day) == []


def test_a_value_the_query_does_not_use_is_refused():
    prepared = PreparedShapes(lambda _shape, code: Region.objects.values_list("code")[:1])
    with pytest.raises(ValueError):
        prepared.rows(None, "53.18")


def test_a_condition_on_no_values_answers_no_rows_without_a_query(django_assert_num_queries):
    prepared = PreparedShapes(
        lambda _count, *region_codes: Region.objects.filter(code__in=region_codes).values_list(
            "code"
        )
    )
    with django_assert_num_queries(0):
        assert prepared.rows(0) == []
    assert prepared.rows(1, "53.18") == [("53.18",)]


def test_a_value_without_a_stand_in_is_refused():
    prepared = PreparedShapes(lambda _shape, flag: Region.objects.filter(is_deleted=flag))
    with pytest.raises(TypeError):
        prepared.rows(None, True)
