"""Forms of the plan pages. They only parse input; the rules live in rembuk.plans.services.

Edit forms keep the values the person started from in hidden "initial" inputs
(show_hidden_initial), so `changed_data` names exactly the fields the person changed: only those
go to the service, and a concurrent edit of another field merges instead of being overwritten.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rembuk.core.dates import DateField
from rembuk.plans.models import Activity, Authority, FundingSource, Goal, Milestone
from rembuk.plans.services import FIRST_YEAR, LAST_YEAR


def _text(
    model: type[models.Model], name: str, *, required: bool = False, rows: int = 3
) -> forms.CharField:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return forms.CharField(
        # Lazy: the label is read in the language of the page, not the one active at import.
        label=capfirst(field.verbose_name),
        max_length=field.max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        show_hidden_initial=True,
    )


def _year(label: Any, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=required,
        show_hidden_initial=True,
    )


class VersionedForm(forms.Form):
    """Carries the version the person started editing from."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def changes(self) -> dict[str, Any]:
        """The cleaned values of the fields the person changed (not the bookkeeping ones)."""
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name != "base_version" and name in self.cleaned_data
        }


class PlanCreateForm(forms.Form):
    desa = forms.ChoiceField(label=_("Desa"))
    period_start = forms.IntegerField(
        label=_("First year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    period_end = forms.IntegerField(label=_("Last year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, desa_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        desa_field = self.fields["desa"]
        assert isinstance(desa_field, forms.ChoiceField)
        desa_field.choices = [("", _("Choose a desa")), *desa_choices]


class PlanUpdateForm(VersionedForm):
    period_start = _year(_("First year"), required=True)
    period_end = _year(_("Last year"), required=True)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        show_hidden_initial=True,
    )


class PlanAdoptForm(forms.Form):
    adopted_on = DateField(
        label=_("Date of the musyawarah desa"),
        initial=timezone.localdate,
    )


class GoalForm(VersionedForm):
    statement = _text(Goal, "statement", required=True)
    target = _text(Goal, "target")
    target_year = _year(_("Target year"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statement"].widget.attrs["autofocus"] = True


class MilestoneForm(VersionedForm):
    statement = _text(Milestone, "statement", required=True)
    target_value = _text(Milestone, "target_value", rows=2)
    target_year = _year(_("Target year"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statement"].widget.attrs["autofocus"] = True


class ActivityForm(VersionedForm):
    name = _text(Activity, "name", required=True, rows=2)
    description = _text(Activity, "description")
    funding_sources = forms.MultipleChoiceField(
        label=_("Funding sources"),
        choices=FundingSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        show_hidden_initial=True,
    )
    funding_note = forms.CharField(
        label=_("Funding details"),
        max_length=300,
        required=False,
        show_hidden_initial=True,
        help_text=_("For example: which agency pays the extension worker."),
    )
    authority = forms.ChoiceField(
        label=_("Authority (kewenangan)"),
        choices=Authority.choices,
        show_hidden_initial=True,
        help_text=_("Kabupaten, provinsi and pusat activities go to the Musrenbang Kecamatan."),
    )
    milestone = forms.ChoiceField(
        label=_("Intermediate goal"), required=False, show_hidden_initial=True
    )

    def __init__(self, *args: Any, milestones: list[Milestone], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._milestones = {str(m.pk): m for m in milestones}
        milestone_field = self.fields["milestone"]
        assert isinstance(milestone_field, forms.ChoiceField)
        milestone_field.choices = [
            ("", _("— none —")),
            *((str(m.pk), str(m)) for m in milestones),
        ]
        self.fields["name"].widget.attrs["autofocus"] = True

    def clean_milestone(self) -> Milestone | None:
        value = self.cleaned_data.get("milestone") or ""
        return self._milestones.get(value)

    def clean_funding_sources(self) -> list[str]:
        return list(self.cleaned_data.get("funding_sources") or [])


class ActivityDependencyForm(forms.Form):
    """Which other activities of the plan must happen before this one (checkboxes)."""

    depends_on = forms.MultipleChoiceField(
        label=_("This activity can only go ahead after"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, others: list[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.others = {str(activity.pk): activity for activity in others}
        field = self.fields["depends_on"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(key, activity.name) for key, activity in self.others.items()]

    def chosen(self) -> list[Activity]:
        return [self.others[key] for key in self.cleaned_data["depends_on"]]
