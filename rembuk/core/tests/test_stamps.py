"""{% stamp %} prints what its block prints for each row, the block rendered once per page."""

import uuid

import pytest
from django.template import Context, Template, TemplateSyntaxError

MEETING = uuid.UUID("a18342d8-6ffc-415d-8145-8dd060d84574")
ROWS = [
    {"id": uuid.uuid4(), "label": "a<b & 'c'"},
    {"id": uuid.uuid4(), "label": 1234},
    {"id": None, "label": ""},
    {"id": uuid.uuid4(), "label": None},
]
BLOCK = (
    '<a href="{% page_url "meetings:sheet_move" meeting item %}" data-item="{{ item }}">'
    "{{ label }}|{% translate 'Delete' %}</a>"
)


def render(stamped: bool, autoescape: bool = True) -> str:
    if stamped:
        body = "{% stamp item=row.id label=row.label %}" + BLOCK + "{% endstamp %}"
    else:
        body = "{% with item=row.id label=row.label %}" + BLOCK + "{% endwith %}"
    # The unstamped None row cannot be reversed: both sides print it through the same branch.
    source = (
        "{% load i18n page_urls stamps %}{% for row in rows %}"
        "{% if row.id %}"
        + body
        + "{% else %}"
        + body.replace('{% page_url "meetings:sheet_move" meeting item %}', "-")
        + "{% endif %}{% endfor %}"
    )
    return Template(source).render(
        Context({"rows": ROWS, "meeting": MEETING}, autoescape=autoescape)
    )


def test_each_row_prints_what_the_block_prints_for_it():
    assert render(stamped=True) == render(stamped=False)
    assert render(stamped=True, autoescape=False) == render(stamped=False, autoescape=False)
    page = render(stamped=True)
    assert "a&lt;b &amp; &#x27;c&#x27;" in page  # a text slot escaped as {{ }} escapes it
    for row in ROWS:
        if row["id"]:
            assert f'data-item="{row["id"]}"' in page
            assert f"/{row['id']}/" in page  # the row's own id in its URL


def test_the_block_is_rendered_once_per_page():
    template = Template(
        "{% load stamps %}{% for row in rows %}"
        "{% stamp item=row.id %}{{ counter.next }}:{{ item }};{% endstamp %}{% endfor %}"
    )
    counter = iter(range(100))
    page = template.render(Context({"rows": ROWS[:2], "counter": {"next": lambda: next(counter)}}))
    assert page == f"0:{ROWS[0]['id']};0:{ROWS[1]['id']};"


def test_slots_are_named():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load stamps %}{% stamp row.id %}{% endstamp %}")
    with pytest.raises(TemplateSyntaxError):
        Template("{% load stamps %}{% stamp %}{% endstamp %}")
