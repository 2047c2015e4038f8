from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from rembuk.core.models import ChangeLog
from rembuk.core.testing import region
from rembuk.learning import evaluation, services
from rembuk.learning.evaluation import (
    EvaluationSet,
    QueryResult,
    Report,
    SetQuery,
    load_set,
    precision_at,
    recall_at,
)
from rembuk.learning.models import Lesson, LessonTerm

LAST_LINE = re.compile(r"^P@3 \d\.\d\d R@10 \d\.\d\d baseline P@3 \d\.\d\d R@10 \d\.\d\d$")


def test_precision_counts_an_empty_place_as_a_miss():
    relevant = {"a", "b", "c", "d"}
    assert precision_at(["a", "x", "b", "c"], relevant, 3) == pytest.approx(2 / 3)
    assert precision_at(["a"], relevant, 3) == pytest.approx(1 / 3)
    assert precision_at([], relevant, 3) == 0


def test_recall_divides_by_all_relevant_lessons():
    relevant = {"a", "b", "c", "d"}
    ranked = ["x", "a", "y", "b", "z", "w", "v", "u", "t", "s", "c"]  # c is 11th: not counted
    assert recall_at(ranked, relevant, 10) == pytest.approx(2 / 4)
    assert recall_at(["a", "b", "c", "d"], relevant, 10) == 1


def test_the_report_averages_over_queries_and_prints_two_decimals():
    first = QueryResult(SetQuery("Q1", "t", frozenset({"a", "b"})), ["a", "b", "x"], ["x"])
    second = QueryResult(SetQuery("Q2", "t", frozenset({"c"})), ["x", "y", "z"], ["c"])
    report = Report([first, second])
    # P@3: (2/3 + 0) / 2; R@10: (1 + 0) / 2; baseline P@3 (0 + 1/3) / 2, R@10 (0 + 1) / 2.
    assert report.summary_line() == "P@3 0.33 R@10 0.50 baseline P@3 0.17 R@10 0.50"


def test_the_set_is_large_enough_and_every_query_has_relevant_lessons():
    evaluation_set = load_set()
    assert len(evaluation_set.lessons) >= 300
    assert len(evaluation_set.queries) >= 60
    assert len({lesson.id for lesson in evaluation_set.lessons}) == len(evaluation_set.lessons)
    # Clusters hold 3–6 lessons; a query's own desa may take one out of a cluster of 4 or more.
    assert all(3 <= len(query.relevant) <= 8 for query in evaluation_set.queries)


def test_a_querys_own_desa_is_excluded_and_its_lessons_are_not_counted(db):
    evaluation_set = load_set()
    query = next(q for q in evaluation_set.queries if q.desa)
    in_own_desa = [lesson.id for lesson in evaluation_set.lessons if lesson.desa == query.desa]
    assert not query.relevant & set(in_own_desa)
    report = evaluation.evaluate(EvaluationSet(evaluation_set.lessons, [query]))
    assert not set(report.results[0].ranked + report.results[0].baseline) & set(in_own_desa)


def test_a_subset_keeps_its_queries_relevant_lessons():
    subset = load_set().subset(4)
    assert len(subset.queries) == 4
    ids = {lesson.id for lesson in subset.lessons}
    assert all(query.relevant <= ids for query in subset.queries)
    assert len(ids) > len(set().union(*(q.relevant for q in subset.queries)))  # distractors too


def test_the_baseline_ranks_by_the_number_of_matching_words(db):
    kept = services.lesson_create(
        desa=region("53.18.11.2006"),
        actor=None,
        happened_on=datetime.date(2024, 1, 1),
        what_happened="Harga kopra jatuh",
        why="Tengkulak menentukan harga",
    )
    other = services.lesson_create(
        desa=region("53.18.11.2006"),
        actor=None,
        happened_on=datetime.date(2024, 1, 1),
        what_happened="Harga semen mahal",
    )
    ranked = evaluation.baseline_rank("harga kopra dan tengkulak", Lesson.objects.all())
    assert ranked == [kept.pk, other.pk]
    assert evaluation.baseline_rank("dan di ke", Lesson.objects.all()) == []


@pytest.mark.django_db
def test_the_command_prints_the_figures_on_its_last_line():
    out = StringIO()
    call_command("evaluate_suggestions", "--queries", "3", "--verbose", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert LAST_LINE.match(lines[-1]), lines[-1]
    assert "Q01" in out.getvalue()  # per-query results with --verbose


@pytest.mark.django_db
def test_the_evaluation_leaves_the_database_as_it_was():
    lesson = services.lesson_create(
        desa=region("81.05.15.2001"),
        actor=None,
        happened_on=datetime.date(2024, 5, 1),
        what_happened="Pencairan Dana Desa tahap dua terlambat karena SPJ belum lengkap",
    )
    terms_before = set(LessonTerm.objects.values_list("lesson_id", "term"))
    log_before = ChangeLog.objects.count()
    assert terms_before

    report = evaluation.evaluate(load_set().subset(2))

    assert len(report.results) == 2
    assert list(Lesson.all_objects.values_list("pk", flat=True)) == [lesson.pk]
    assert set(LessonTerm.objects.values_list("lesson_id", "term")) == terms_before
    assert ChangeLog.objects.count() == log_before


@pytest.mark.django_db
def test_an_existing_lesson_is_never_suggested_during_the_evaluation():
    services.lesson_create(
        desa=region("81.05.15.2001"),
        actor=None,
        happened_on=datetime.date(2024, 5, 1),
        what_happened="DD tahap 2 belum cair karena SPJ tahap 1 belum lengkap",
    )
    query = SetQuery("Q1", "DD tahap 2 blm cair krn SPJ tahap 1 blm lengkap", frozenset())
    full = load_set()
    report = evaluation.evaluate(EvaluationSet(full.lessons[:10], [query]))
    assert "?" not in report.results[0].ranked
