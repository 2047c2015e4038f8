import pytest

from rembuk.core.testing import user_with_role
from rembuk.demo.evaluation import DEMO_ASSETS, seed_evaluation_demo
from rembuk.evaluation.models import LivelihoodAssets

pytestmark = pytest.mark.django_db


def test_the_demo_assets_are_created_once():
    actor = user_with_role("tim_program", "53")
    assert seed_evaluation_demo(actor) == len(DEMO_ASSETS)
    assert seed_evaluation_demo(actor) == 0
    assert LivelihoodAssets.objects.count() == len(DEMO_ASSETS)
