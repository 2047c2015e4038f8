from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rembuk.core.dates import DateField
from rembuk.evaluation.models import LivelihoodAssets, Result
from rembuk.evaluation.selectors import GoalRow


class EvaluationForm(forms.Form):
    # The version the page was built from (0: no evaluation yet), so a save over someone
    # else's newer edit of the same field is refused instead of silently winning.
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    date = DateField(
        label=_("Date of the evaluation"),
    )
    participants = forms.CharField(
        label=_("Who took part"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        max_length=2000,
    )
    notes = forms.CharField(
        label=_("Overall notes"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        max_length=5000,
    )


class GoalEvaluationForm(forms.Form):
    """One goal's part of the evaluation page; prefixed with the goal's id."""

    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    achieved = forms.CharField(
        label=_("What was achieved"), required=False, widget=forms.Textarea({"rows": 2})
    )
    result = forms.ChoiceField(
        label=_("Result"), required=False, choices=[("", "—"), *Result.choices]
    )
    factors = forms.CharField(
        label=_("Factors"), required=False, widget=forms.Textarea({"rows": 2})
    )
    keep = forms.CharField(
        label=_("What to keep"), required=False, widget=forms.Textarea({"rows": 2})
    )
    change = forms.CharField(
        label=_("What to change"), required=False, widget=forms.Textarea({"rows": 2})
    )
    carry_forward = forms.BooleanField(
        label=_("Continue this goal into the next period"), required=False
    )
    milestones = forms.MultipleChoiceField(required=False)
    activities = forms.MultipleChoiceField(required=False)

    def __init__(self, data: Any = None, *, row: GoalRow, initial: Any = None) -> None:
        super().__init__(data, prefix=str(row.goal.id), initial=initial)
        self.row = row
        milestones = self.fields["milestones"]
        activities = self.fields["activities"]
        assert isinstance(milestones, forms.MultipleChoiceField)
        assert isinstance(activities, forms.MultipleChoiceField)
        milestones.choices = [
            (str(b.milestone.id), b.milestone.statement)
            for b in row.block.milestones
            if b.milestone is not None
        ]
        activities.choices = [(str(a.id), a.name) for a in row.block.activities]


class AssetsForm(forms.ModelForm):
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = LivelihoodAssets
        fields = [
            "year",
            "households",
            "poor_households",
            "producer_groups",
            "bumdes_units",
            "clean_water_households",
            "human",
            "natural",
            "financial",
            "physical",
            "social",
            "shocks",
            "trends",
            "seasonality",
        ]
        widgets = {
            name: forms.Textarea({"rows": 2})
            for name in (
                "human",
                "natural",
                "financial",
                "physical",
                "social",
                "shocks",
                "trends",
                "seasonality",
            )
        }
        help_texts = {
            "human": _("Skills, health, education, knowledge of the people."),
            "natural": _("Land, sea, forest, water and what they yield."),
            "financial": _("Savings, credit, income, Dana Desa, BUMDes capital."),
            "physical": _("Roads, markets, boats, tools, clean water, electricity."),
            "social": _("Groups, networks, trust, customary institutions."),
            "shocks": _("Sudden events: floods, drought, pests, price falls, illness."),
            "trends": _("Slow changes: population, prices, climate, migration."),
            "seasonality": _("What changes with the seasons: harvests, waves, work, prices."),
        }
