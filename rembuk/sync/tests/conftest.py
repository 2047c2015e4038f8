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
