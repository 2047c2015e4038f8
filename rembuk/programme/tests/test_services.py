import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rembuk.core.models import ChangeLog
from rembuk.core.testing import region, user_with_role
from rembuk.programme import services
from rembuk.programme.models import Stage, StageProgress
from rembuk.programme.tests.records import KODI_BALAGHAR, WAINYAPU

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the services' messages in the source language (English); the
    Indonesian a person sees is checked by the view and browser tests."""
    with translation.override("en"):
        yield


def set_stage(**overrides):
    fields = {
        "desa": region(WAINYAPU),
        "stage": Stage.TRAINERS,
        "status": StageProgress.Status.DONE,
        "date": datetime.date(2023, 9, 1),
        "done_by": "Tim program",
        "actor": None,
    }
    return services.stage_progress_set(**(fields | overrides))


def test_setting_a_stage_twice_edits_one_record_with_an_id_from_the_desa_and_stage():
    actor = user_with_role("kecamatan", KODI_BALAGHAR)
    first = set_stage(actor=actor)
    second = set_stage(actor=actor, done_by="Fasilitator kabupaten")
    assert first.pk == second.pk == services.stage_progress_id_for(WAINYAPU, Stage.TRAINERS)
    assert StageProgress.objects.get().done_by == "Fasilitator kabupaten"
    entries = ChangeLog.objects.filter(object_id=first.pk).order_by("seq")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries.last().actor == actor


def test_a_stage_done_in_the_future_is_refused():
    with pytest.raises(ValidationError) as refused:
        set_stage(date=datetime.date.today() + datetime.timedelta(days=3))
    assert "future" in str(refused.value)


def test_not_started_keeps_no_date():
    assert set_stage(status=StageProgress.Status.NOT_STARTED).date is None


def test_stages_are_for_a_desa_only():
    with pytest.raises(ValidationError):
        set_stage(desa=region(KODI_BALAGHAR))


def test_an_edit_from_an_old_version_to_the_same_field_is_refused():
    row = set_stage()
    set_stage(done_by="Orang lain")
    with pytest.raises(ValidationError):
        set_stage(done_by="Saya", base_version=row.version)
