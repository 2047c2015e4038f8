"""per_language: a fixed text made once per process and language, never one language's text in
another's page."""

from django.utils import translation
from django.utils.translation import gettext

from rembuk.core.translated import per_language


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
