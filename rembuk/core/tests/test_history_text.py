"""History in people's words: every change-log entry names models, fields, codes and linked
records the way the interface does, in the reader's language."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.utils import translation

from rembuk.core import history, history_text
from rembuk.core.models import ChangeLog
from rembuk.core.testing import full_plan
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import Challenge, MeetingSheet
from rembuk.plans.models import Activity, ActivityDependency
from rembuk.plans.services import activity_dependency_add

pytestmark = pytest.mark.django_db
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def readable(entry: ChangeLog) -> history_text.ReadableChange:
    [change] = history_text.describe_all([entry])
    return change


def test_a_dependency_reads_with_the_activities_names_not_their_ids():
    plan = full_plan(goals=1, activities_per_goal=2)
    first, second = Activity.objects.filter(goal__plan=plan).order_by("position")
    link = activity_dependency_add(activity=second, depends_on=first, actor=None)
    entry = ChangeLog.objects.get(object_id=link.pk)

    with translation.override("id"):
        change = readable(entry)
    assert change.what == "Keterkaitan kegiatan"
    assert [(line.label, line.new) for line in change.lines] == [
        ("Kegiatan", "Kegiatan 1.2"),
        ("Bergantung pada", "Kegiatan 1.1"),
    ]
    text = " ".join([change.what, change.record, *(f"{x.label} {x.new}" for x in change.lines)])
    assert not UUID_TEXT.search(text)
    assert "plans." not in text

    with translation.override("en"):
        change = readable(entry)
    assert change.what == "Link between activities"
    assert ("Depends on", "Kegiatan 1.1") in [(line.label, line.new) for line in change.lines]


def test_codes_dates_and_lists_of_records_read_as_labels():
    plan = full_plan(goals=1, activities_per_goal=3)
    activities = list(Activity.objects.filter(goal__plan=plan).order_by("position"))
    meeting = meeting_services.meeting_create(
        kecamatan=plan.desa.parent,
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )
    sheet = MeetingSheet.objects.get(meeting=meeting)
    challenge = meeting_services.challenge_save(
        sheet=sheet,
        goal=plan.goals.get(),
        text="Modal belum cair",
        blocked_activity_ids=[str(activities[1].pk), str(activities[2].pk)],
        actor=None,
    )
    history.update(challenge, actor=None, blocked_activity_ids=[str(activities[2].pk)])
    activity = history.update(activities[0], actor=None, authority="kabupaten")
    history.update(activity, actor=None, funding_sources=["dana_desa", "swadaya"])

    with translation.override("id"):
        created, changed = history_text.describe_all(
            list(ChangeLog.objects.filter(object_id=challenge.pk).order_by("seq"))
        )
        authority, funding = history_text.describe_all(
            list(ChangeLog.objects.filter(object_id=activity.pk).order_by("seq"))[1:]
        )
        meeting_entry = readable(ChangeLog.objects.get(object_id=meeting.pk))

    lines = {line.label: line.new for line in created.lines}
    assert lines["Kegiatan yang tertahan"] == "Kegiatan 1.2; Kegiatan 1.3"
    assert [(x.old, x.new) for x in changed.lines] == [
        ("Kegiatan 1.2; Kegiatan 1.3", "Kegiatan 1.3")
    ]
    assert [(x.label, x.old, x.new) for x in authority.lines] == [
        ("Kewenangan", "Desa", "Kabupaten")
    ]
    assert funding.lines[0].new == "Dana Desa, Swadaya"
    assert {line.label: line.new for line in meeting_entry.lines}["Tanggal"] == "28-03-2024"


def test_a_linked_record_that_is_not_on_this_node_is_named_as_such():
    plan = full_plan(goals=1, activities_per_goal=1)
    activity = Activity.objects.get(goal__plan=plan)
    elsewhere = str(uuid.uuid4())
    with translation.override("id"):
        text = history_text.value_text(
            ActivityDependency._meta.label_lower, "depends_on_id", elsewhere, None
        )
    assert text == "1 catatan tidak ada di sini"
    assert history_text.value_text("plans.activity", "name", activity.name) == activity.name


def test_an_edit_conflict_names_its_fields_and_values_as_the_page_does():
    plan = full_plan(goals=1, activities_per_goal=1)
    activity = Activity.objects.get(goal__plan=plan)
    history.update(activity, actor=None, authority="kabupaten")
    with pytest.raises(history.EditConflict) as raised:
        history.update(activity, actor=None, base_version=activity.version, authority="pusat")
    with translation.override("id"):
        assert raised.value.labelled() == [("Kewenangan", "Kabupaten")]


def test_a_challenge_is_named_by_its_own_text():
    plan = full_plan(goals=1, activities_per_goal=1)
    meeting = meeting_services.meeting_create(
        kecamatan=plan.desa.parent,
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )
    challenge = meeting_services.challenge_save(
        sheet=MeetingSheet.objects.get(meeting=meeting),
        goal=plan.goals.get(),
        text="Penyuluh tidak datang",
        actor=None,
    )
    history.update(Challenge.objects.get(pk=challenge.pk), actor=None, cause="Jalan rusak")
    with translation.override("id"):
        change = readable(ChangeLog.objects.filter(object_id=challenge.pk).latest("seq"))
    assert (change.what, change.record, change.action) == (
        "Tantangan",
        "Penyuluh tidak datang",
        "diubah",
    )
    assert [(x.label, x.old, x.new) for x in change.lines] == [("Penyebab", "—", "Jalan rusak")]
