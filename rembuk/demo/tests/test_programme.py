import pytest

from rembuk.demo.programme import seed_programme_demo
from rembuk.demo.seed import demo_seed
from rembuk.people.models import User
from rembuk.programme.models import StageProgress
from rembuk.programme.stages import desa_stages
from rembuk.regions.models import Region

pytestmark = pytest.mark.django_db


def test_the_demo_records_stages_1_to_4_once_and_the_rest_is_derived():
    demo_seed()
    users = {user.username: user for user in User.objects.all()}
    summary = seed_programme_demo(users)
    assert "Tahapan program" in summary
    rows = StageProgress.objects.count()
    assert rows > 0
    assert set(StageProgress.objects.values_list("stage", flat=True)) == {1, 2, 3, 4}
    assert seed_programme_demo(users).startswith("Tahapan program: 0 tahapan baru")
    assert StageProgress.objects.count() == rows
    wainyapu = desa_stages(Region.objects.get(code="53.18.11.2006"))
    assert [s.status for s in wainyapu.stages[:5]] == ["selesai"] * 5
    assert wainyapu.stages[0].who.startswith("Tim program")
