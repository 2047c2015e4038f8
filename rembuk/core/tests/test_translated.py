"""per_language: a fixed text made once per process and language, never one language's text in
another's page."""

import pytest
from django.utils import translation
from django.utils.formats import localize
from django.utils.translation import gettext

from rembuk.core.translated import localized_int, per_language


def test_made_once_per_language_and_arguments():
    made: list[tuple[str | None, str]] = []

    @per_language
    def label(message: str) -> str:
        made.append((translation.get_language(), message))
        return gettext(message)

    with translation.override("id"):
        assert label("Save") == "Simpan"
        assert label("Save") == "Simpan"
        assert label("Delete") == "Hapus"
    with translation.override("en"):
        assert label("Save") == "Save"
        assert label("Save") == "Save"
    with translation.override("id"):
        assert label("Save") == "Simpan"
    assert made == [("id", "Save"), ("id", "Delete"), ("en", "Save")]


def test_the_meeting_cells_labels_follow_the_language():
    from rembuk.meetings.sheet_cells import _sheet_labels

    with translation.override("id"):
        indonesian = _sheet_labels()["Save"]
    with translation.override("en"):
        english = _sheet_labels()["Save"]
    assert (indonesian, english) == ("Simpan", "Save")


def test_kept_gettext_and_choice_labels_follow_the_language():
    from rembuk.core.translated import choice_labels, kept_gettext
    from rembuk.monitoring.models import ActivityStatus

    with translation.override("id"):
        assert kept_gettext("Total") == gettext("Total") != "Total"
        indonesian = dict(choice_labels(ActivityStatus))
    with translation.override("en"):
        assert kept_gettext("Total") == "Total"
        english = dict(choice_labels(ActivityStatus))
    assert list(indonesian) == list(english) == [status.value for status in ActivityStatus]
    assert indonesian != english
    with translation.override("en"):
        assert english == {status.value: str(status.label) for status in ActivityStatus}


@pytest.mark.parametrize("separators", [False, True])
@pytest.mark.parametrize("use_l10n", [None, True, False])
@pytest.mark.parametrize("value", [0, 7, 999, 1234, 1234567, -45, True, 2.5, None])
def test_localized_int_prints_what_localize_prints(settings, separators, use_l10n, value):
    settings.USE_THOUSAND_SEPARATOR = separators
    for language in ("id", "en"):
        with translation.override(language):
            assert localized_int(value, use_l10n) == str(localize(value, use_l10n=use_l10n))
