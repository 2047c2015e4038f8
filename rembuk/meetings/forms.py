"""Forms for scheduling, editing and closing a meeting, and for a village's session date.

The cells of the sheet (challenges, follow-ups, reviews) are saved as they are typed and are
parsed in rembuk.meetings.views (only the fields the person changed are sent to the service).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rembuk.core.dates import DateField, TimeInput
from rembuk.meetings.models import TEXT_LIMIT, CoordinationMeeting
from rembuk.monitoring.models import VillageReview


class MeetingForm(forms.Form):
    date = DateField(label=_("Date"))
    start_time = forms.TimeField(label=_("Time"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeetingCreateForm(MeetingForm):
    villages = forms.MultipleChoiceField(
        label=_("Villages invited"),
        required=False,  # the service says why an empty list is refused
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, village_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = self.fields["villages"]
        assert isinstance(villages, forms.MultipleChoiceField)
        villages.choices = village_choices


class MeetingCloseForm(forms.Form):
    next_meeting_date = DateField(label=_("Date of the next meeting"), required=False)
    documents_note = forms.CharField(
        label=_("How villages get their documents"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: the posters are handed over today; the files go to the WhatsApp group."
        ),
    )
    confirm_empty = forms.BooleanField(required=False, widget=forms.HiddenInput)


class VillageReviewForm(forms.Form):
    date = DateField(label=_("Date"))
    status = forms.ChoiceField(label=_("Status"), choices=VillageReview.Status.choices)


MEETING_STATUS_LABELS = dict(CoordinationMeeting.Status.choices)
