"""The autosaving cell's one mechanism (rembuk.core.autosave): the `was_` values a page writes
and a save answers with agree, whatever the field's kind. Each page's own cells are tested with
its views (meetings, district, reports: a stale edit is reported the same way on all three)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.template import Context, Template
from django.utils import translation

from rembuk.core.autosave import saved_values
from rembuk.meetings.models import Challenge, FollowUp, GoalReview


def test_a_record_s_values_are_written_as_its_fields_show_them():
    agency_id = uuid.uuid4()
    followup = FollowUp(
        text="Latih operator",
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner_agency_id=agency_id,
        due_date=datetime.date(2024, 5, 3),
    )
    assert saved_values(followup, ["text", "kind", "owner_agency", "due_date"]) == {
        "text": "Latih operator",
        "kind": "dukungan_opd",
        "owner_agency": str(agency_id),  # a relation is its id, as the select posts it
        "due_date": "03-05-2024",  # as the date field shows it (rembuk.core.dates)
    }
    empty = FollowUp(text="", owner_agency_id=None, due_date=None)
    assert saved_values(empty, ["owner_agency", "due_date"]) == {"owner_agency": "", "due_date": ""}


def test_a_list_is_written_sorted_and_comma_separated():
    challenge = Challenge(blocked_activity_ids=["b", "a"])
    assert saved_values(challenge, ["blocked_activity_ids"]) == {"blocked_activity_ids": "a,b"}


def test_a_new_entry_starts_from_the_defaults_given():
    assert saved_values(None, ["status", "note"], {"status": "berjalan"}) == {
        "status": "berjalan",
        "note": "",
    }


def test_the_page_tag_writes_what_the_views_write():
    review = GoalReview(result="sebagian", factors='Hujan "deras"')
    html = Template(
        '{% load autosave %}{% saved_values review "result factors" as fields %}'
        '{% include "includes/save_state.html" with obj=review fields=fields only %}'
    ).render(Context({"review": review}))
    assert '<input type="hidden" name="was_result" value="sebagian">' in html
    assert 'name="was_factors" value="Hujan &quot;deras&quot;"' in html  # escaped
    assert f'name="base_version" value="{review.version}"' in html
    new = Template(
        '{% load autosave %}{% saved_values review "status" status="selesai" as fields %}'
        '{% include "includes/save_state.html" with obj=review fields=fields only %}'
    ).render(Context({"review": None}))
    assert 'name="was_status" value="selesai"' in new
    assert 'name="base_version"' not in new  # nothing saved yet: no version to start from


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("saved", "key", "fields"),
    [
        (True, "", {"result": "sebagian", "factors": 'Hujan "deras" & <angin>'}),
        (True, "a1b2", {"text": "Bibit terlambat's", "due_date": "02-05-2024"}),
        (False, "c3d4", {"text": "", "kind": ""}),
        (False, "", {}),
    ],
)
def test_the_page_save_state_tag_writes_what_the_template_writes(saved, key, fields, language):
    review = GoalReview(result="sebagian", version=1234) if saved else None
    context = {"review": review, "key": key, "fields": fields}
    with translation.override(language):
        tag = Template("{% load autosave %}{% save_state review key fields %}").render(
            Context(context)
        )
        include = Template(
            '{% include "includes/save_state.html" with obj=review key=key fields=fields only %}'
        ).render(Context(context))
    assert tag == include
