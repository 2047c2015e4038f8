"""The API's own copies of closed lists stay in step with the models they mirror, and the steps of
a support request are one list for the pages, the API and the permissions."""

from __future__ import annotations

import typing

import pytest

from rembuk.api.endpoints import district, learning, meetings, monitoring, plans, reports, support
from rembuk.support import views as support_views
from rembuk.support.permissions import STEPS


@pytest.mark.parametrize(
    "module", [district, learning, meetings, monitoring, plans, reports, support]
)
def test_every_closed_list_of_the_api_is_the_models_list(module) -> None:  # type: ignore[no-untyped-def]
    for literal, choices in module.ENUMERATIONS.items():
        assert set(typing.get_args(literal)) == set(choices.values), (module.__name__, choices)


def test_the_steps_of_a_request_are_one_list_for_pages_api_and_permissions() -> None:
    union = typing.get_args(typing.get_args(support.StepIn)[0])
    api_steps = {typing.get_args(model.model_fields["step"].annotation)[0] for model in union}
    assert api_steps == STEPS == set(support_views.STEPS)
