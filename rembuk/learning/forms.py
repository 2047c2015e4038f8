from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rembuk.core.dates import DateField
from rembuk.core.forms import fields_shared
from rembuk.learning.models import Lesson, Theme

MAX_QUERY_LENGTH = 2000


@fields_shared
class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search lessons"), required=False, max_length=100_000)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    kabupaten = forms.CharField(label=_("Kabupaten"), required=False, max_length=20)
    kecamatan = forms.CharField(label=_("Kecamatan"), required=False, max_length=20)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    outcome = forms.ChoiceField(
        label=_("Did it work"),
        required=False,
        choices=[("", _("Any outcome")), *Lesson.Outcome.choices],
    )

    def clean_q(self) -> str:
        # A very long paste is cut, not refused: search uses its first terms anyway.
        return str(self.cleaned_data.get("q") or "")[:MAX_QUERY_LENGTH]


class LessonForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Lesson
        fields = ["what_happened", "why", "what_was_tried", "outcome", "contact", "happened_on"]
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "why": forms.Textarea(attrs={"rows": 3}),
            "what_was_tried": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"happened_on": DateField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lesson = self.instance
        self.fields["themes"].initial = lesson.themes or lesson.suggested_themes
