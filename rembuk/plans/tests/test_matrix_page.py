"""The plan page's printed values, built in Python, print what the template filters printed."""

import pytest
from django.template.defaultfilters import linebreaksbr
from django.utils import translation

from rembuk.core import history
from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MilestoneFactory,
    PlanFactory,
    region,
)
from rembuk.plans import services
from rembuk.plans.matrix_page import RowLabels, matrix_rows, text_html
from rembuk.plans.models import Milestone
from rembuk.plans.selectors import plan_matrix


@pytest.mark.parametrize(
    "text", ["", "a", "a\nb", "a\r\nb\rc\n\n", "<script>x</script> & 'q' \"d\"", "  ", "é\u2028"]
)
def test_text_html_is_linebreaksbr(text):
    assert text_html(text) == linebreaksbr(text, autoescape=True)


def _shape_of_plan_matrix(plan):
    return [
        (
            block.number,
            block.goal.pk,
            [
                (mb.milestone.pk if mb.milestone else None, [a.pk for a in mb.activities])
                for mb in block.milestones
            ],
        )
        for block in plan_matrix(plan)
    ]


def _shape_of_matrix_rows(rows):
    return [
        (
            goal.number,
            goal.goal.id,
            [
                (milestone.id if milestone else None, [a.id for a in activities])
                for milestone, activities in goal.milestones
            ],
        )
        for goal in rows
    ]


@pytest.mark.django_db
def test_the_page_reads_the_rows_plan_matrix_reads_as_values_in_two_queries(
    django_assert_num_queries,
):
    plan = PlanFactory(desa=region("53.18.11.2006"))
    first = GoalFactory(plan=plan, position=1, target="Lunas di tahun 2025", target_year=2025)
    second = GoalFactory(plan=plan, position=0)
    empty_goal = GoalFactory(plan=plan, position=2)
    kept = MilestoneFactory(goal=first, position=1)
    earlier = MilestoneFactory(goal=first, position=0, target_value="", target_year=2026)
    gone = MilestoneFactory(goal=second)
    ActivityFactory(goal=first, milestone=kept, position=1, authority="kabupaten")
    ActivityFactory(goal=first, milestone=kept, position=0, funding_sources=["csr", "x<y"])
    ActivityFactory(goal=first, milestone=None, name="tanpa tujuan antara")
    ActivityFactory(goal=second, milestone=gone, name="di bawah yang terhapus")
    deleted_goal = GoalFactory(plan=plan, position=3)
    ActivityFactory(goal=deleted_goal, milestone=None)
    with history._sanctioned():  # a tombstone met through sync: its activity stays live
        Milestone.all_objects.filter(pk=gone.pk)._raw_update(is_deleted=True)
    services.goal_delete(goal=deleted_goal, actor=None)
    with django_assert_num_queries(2):
        rows = matrix_rows(plan.pk, RowLabels.now())
    assert _shape_of_matrix_rows(rows) == _shape_of_plan_matrix(plan)
    assert [goal.goal.id for goal in rows] == [second.pk, first.pk, empty_goal.pk]
    assert rows[1].goal.year_line == ""  # the target names its year
    assert "Lunas di tahun 2025" in rows[1].goal.target_line
    milestone = rows[1].milestones[0][0]
    assert milestone is not None and milestone.id == earlier.pk
    assert (milestone.target_line, "2026)</div>" in milestone.year_line) == ("", True)
    funded, proposed = rows[1].milestones[1][1]
    assert "\n              CSR, x&lt;y\n" in funded.tail
    assert "badge proposal" in proposed.lead and "badge proposal" not in funded.lead


def test_the_row_labels_are_kept_per_language_and_are_that_languages():
    """Kept per process: a page in one language never prints the other's labels."""
    with translation.override("id"):
        indonesian = RowLabels.now()
        assert RowLabels.now() is indonesian
    with translation.override("en"):
        english = RowLabels.now()
        assert english == RowLabels._translated()
    with translation.override("id"):
        assert RowLabels.now() is indonesian
        assert indonesian == RowLabels._translated()
    assert (indonesian.target, english.target) == ("Target", "Target")
    assert indonesian.description != english.description
    assert (indonesian.by_year, english.by_year) == ("tahun %(year)s", "by %(year)s")
