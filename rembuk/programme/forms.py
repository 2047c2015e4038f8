from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rembuk.core.dates import DateField
from rembuk.programme.models import StageProgress


class StageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=StageProgress.Status.choices, widget=forms.RadioSelect
    )
    date = DateField(
        label=_("Date"),
        required=False,
        help_text=_("When it started or was done."),
    )
    done_by = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=200,
        help_text=_("For example: Tim program, Fasilitator kabupaten."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
