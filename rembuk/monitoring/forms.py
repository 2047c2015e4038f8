"""The village review form: a date, one status and note per activity, four optional texts.

The form only parses input; the rules live in rembuk.monitoring.services. Per activity it has
`status_<id>` (radio buttons drawn as large tap targets by the template), `note_<id>` and
`version_<id>` (the version of the progress row the page showed, for conflict detection).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from rembuk.core.dates import DateField
from rembuk.monitoring.models import NOTE_LIMIT, TEXT_LIMIT, ActivityStatus, VillageReview
from rembuk.monitoring.services import REVIEW_TEXT_FIELDS, ProgressEntry
from rembuk.plans.models import Activity

NOT_RECORDED = ""
STATUS_CHOICES = [(NOT_RECORDED, _("Not recorded")), *ActivityStatus.choices]


def _text(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        show_hidden_initial=True,
    )


class VillageReviewForm(forms.Form):
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    date = DateField(
        label=_("Date of the session"),
        show_hidden_initial=True,
    )
    off_track = _text(_("What is not going as planned, and why"))
    support_needed = _text(_("Support needed"))
    learning = _text(_("What we learnt"))
    summary = _text(_("Summary of the results"), rows=2)

    def __init__(
        self,
        *args: Any,
        activities: Iterable[Activity] = (),
        review: VillageReview | None = None,
        progress: dict[uuid.UUID, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.activities = list(activities)
        if review is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {"base_version": review.version, "date": review.date}
            initial.update({name: getattr(review, name) for name in REVIEW_TEXT_FIELDS})
            for activity_id, row in (progress or {}).items():
                initial[f"status_{activity_id.hex}"] = row.status
                initial[f"note_{activity_id.hex}"] = row.note
                initial[f"version_{activity_id.hex}"] = row.version
            kwargs["initial"] = initial
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        for activity in self.activities:
            key = activity.pk.hex
            self.fields[f"status_{key}"] = forms.ChoiceField(
                label=activity.name,
                choices=STATUS_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                show_hidden_initial=True,
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Note"), required=False, max_length=NOTE_LIMIT, show_hidden_initial=True
            )
            self.fields[f"version_{key}"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput
            )

    def progress(self) -> dict[uuid.UUID, ProgressEntry]:
        """The activities whose status or note the person changed from what the page showed
        (so a concurrent save of another activity is never overwritten)."""
        changed = set(self.changed_data)
        entries: dict[uuid.UUID, ProgressEntry] = {}
        for activity in self.activities:
            key = activity.pk.hex
            if f"status_{key}" not in changed and f"note_{key}" not in changed:
                continue
            entries[activity.pk] = ProgressEntry(
                status=self.cleaned_data.get(f"status_{key}") or "",
                note=self.cleaned_data.get(f"note_{key}") or "",
                base_version=self.cleaned_data.get(f"version_{key}"),
            )
        return entries

    def changes(self) -> dict[str, Any]:
        """The date and texts the person changed from what the page showed."""
        names = ("date", *REVIEW_TEXT_FIELDS)
        return {name: self.cleaned_data[name] for name in names if name in self.changed_data}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("off_track", "support_needed", "learning", "summary")]

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in REVIEW_TEXT_FIELDS}

    def bound_activity(self, activity: Activity) -> dict[str, Any]:
        key = activity.pk.hex
        status = self[f"status_{key}"]
        note = self[f"note_{key}"]
        return {
            "status": status,
            "note": note,
            # Rendered by hand, so the "what the page showed" inputs are added here.
            "hidden": mark_safe(  # widgets rendered (and escaped) by Django
                status.as_hidden(only_initial=True)
                + note.as_hidden(only_initial=True)
                + str(self[f"version_{key}"])
            ),
        }
