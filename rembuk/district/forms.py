from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rembuk.core.dates import DateField
from rembuk.district.services import PLACE_LIMIT, TITLE_LIMIT


class DistrictMeetingForm(forms.Form):
    date = DateField(label=_("Date"))
    place = forms.CharField(
        label=_("Place"),
        max_length=PLACE_LIMIT,
        required=False,
        # A line of its own, never a placeholder that vanishes as one types (ADR 0016).
        help_text=_("For example: Aula Bappeda"),
    )


class AgendaTopicForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=TITLE_LIMIT)
