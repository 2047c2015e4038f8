"""PreparedRead: the kept SQL answers as the queryset it was compiled from, for any value."""

import datetime
import uuid
from typing import Any, cast

import pytest
from django.db.models import Q

from rembuk.core.prepared import PreparedRead, PreparedValues
from rembuk.core.testing import MembershipFactory, region, user_with_role
from rembuk.people.models import Membership, Role

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "user_id", "role", "region_id", "changed_at", "is_deleted", "region__code")


def _read(user_id):
    return Membership.objects.filter(user_id=user_id).order_by("role").values_list(*COLUMNS)


def test_the_rows_are_those_of_the_queryset_with_their_python_types(django_assert_num_queries):
    prepared = PreparedRead(_read, Membership._meta.get_field("user"))
    first = user_with_role(Role.KECAMATAN, "53.18.11")
    MembershipFactory(user=first, role=Role.TIM_DESA, region=region("53.18.11.2006"))
    second = user_with_role(Role.TIM_KABUPATEN, "53.18")
    for user in (first, second, first):  # compiled once, each value in its place
        with django_assert_num_queries(1):
            rows = prepared.rows(user.pk)
        assert rows == list(_read(user.pk))
    assert isinstance(rows[0][0], type(first.pk))  # UUIDs and datetimes converted, as Django does
    assert isinstance(rows[0][4], datetime.datetime) and rows[0][4].tzinfo is not None


def test_a_query_without_its_value_or_with_it_twice_is_refused():
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    field = Membership._meta.get_field("user")
    twice = PreparedRead(
        lambda user_id: Membership.objects.filter(Q(user_id=user_id) | Q(changed_by_id=user_id)),
        field,
    )
    with pytest.raises(ValueError):
        twice.rows(user.pk)
    without = PreparedRead(lambda user_id: Membership.objects.filter(role=Role.KECAMATAN), field)
    with pytest.raises(ValueError):
        without.rows(user.pk)


def test_values_are_the_dicts_values_gives(django_assert_num_queries):
    prepared = PreparedValues(
        lambda user_id: Membership.objects.filter(user_id=user_id).order_by("role"),
        COLUMNS,
        Membership._meta.get_field("user"),
    )
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    MembershipFactory(user=user, role=Role.TIM_DESA, region=region("53.18.11.2006"))
    for _ in range(2):
        with django_assert_num_queries(1):
            found = prepared.dicts(user.pk)
        expected = list(
            Membership.objects.filter(user_id=user.pk).order_by("role").values(*COLUMNS)
        )
        assert found == expected and len(found) == 2


@pytest.mark.parametrize(
    "text",
    [
        uuid.uuid4().hex,
        uuid.uuid4().hex.upper(),
        "0" * 32,
        "f" * 32,
        str(uuid.uuid4()),  # dashed: not what Django stores, read by UUID() itself
        "{" + uuid.uuid4().hex + "}",
        "urn:uuid:" + str(uuid.uuid4()),
        "-" + "1" * 31,  # UUID() drops the dash and refuses 31 digits
        "+" + "1" * 31,
        "_".join(["1" * 16, "1" * 15]),
        " " + "a" * 31,
        "g" * 32,
        "a" * 31,
        "a" * 33,
        "",
    ],
)
def test_sqlite_uuids_are_made_as_djangos_converter_makes_them(text):
    """The kept reads' own UUID converter for SQLite accepts and refuses what Django's does,
    and makes equal UUIDs that print the same."""
    # The backend's module before its operations module: the other order is circular.
    import django.db.backends.sqlite3.base  # noqa: F401
    from django.db.backends.sqlite3.operations import DatabaseOperations

    from rembuk.core.prepared import _uuid_from_hex

    convert = DatabaseOperations.convert_uuidfield_value
    try:
        expected = convert(cast(Any, None), text, None, None)  # it reads nothing of its self
    except ValueError:
        with pytest.raises(ValueError):
            _uuid_from_hex(text, None, None)
        return
    made = _uuid_from_hex(text, None, None)
    assert type(made) is uuid.UUID and expected is not None
    assert (made, str(made), made.int, made.is_safe) == (
        expected,
        str(expected),
        expected.int,
        expected.is_safe,
    )
    assert _uuid_from_hex(None, None, None) is None
    again = _uuid_from_hex(text, None, None)
    assert again == expected and str(again) == str(expected)


def test_a_uuid_read_again_is_the_one_made_before_and_the_kept_ones_are_bounded(monkeypatch):
    from rembuk.core import prepared

    monkeypatch.setattr(prepared, "_MADE_UUIDS", {})
    monkeypatch.setattr(prepared, "MOST_KEPT_UUIDS", 3)
    texts = [uuid.uuid4().hex for _ in range(4)]
    first = prepared._uuid_from_hex(texts[0], None, None)
    assert prepared._uuid_from_hex(texts[0], None, None) is first
    assert prepared._uuid_from_hex(texts[0].upper(), None, None) == first
    for text in texts[1:]:
        prepared._uuid_from_hex(text, None, None)
    assert len(prepared._MADE_UUIDS) <= 3
    assert [str(prepared._uuid_from_hex(text, None, None)) for text in texts] == [
        str(uuid.UUID(text)) for text in texts
    ]


def test_sqlite_reads_use_the_kept_uuid_converter():
    """On SQLite the kept reads convert UUID columns with _uuid_from_hex (the rows above are
    equal to the queryset's either way: this is what makes the test of it above count)."""
    from django.db import connection

    from rembuk.core.prepared import _uuid_from_hex

    prepared = PreparedRead(_read, Membership._meta.get_field("user"))
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    prepared.rows(user.pk)
    functions = {
        f
        for _, fs, _ in prepared._local.compiled[("default", connection.vendor)].converters
        for f in fs
    }
    assert (_uuid_from_hex in functions) == (connection.vendor == "sqlite")
