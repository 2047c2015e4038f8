from __future__ import annotations

from collections.abc import Iterator

import pytest

from rembuk.sync.tests.simnodes import Network


@pytest.fixture
def network(django_db_blocker) -> Iterator[Network]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        net = Network()
        try:
            yield net
        finally:
            net.close()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions read reasons meant for people; pin the language they are written in.
    from django.utils import translation

    with translation.override("en"):
        yield
