import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from rembuk.core.dates import DateInput
from rembuk.plans.forms import PlanAdoptForm


class Fields(forms.Form):
    name = forms.CharField(max_length=20, help_text="Nama <lengkap>")
    code = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"data-x": '"><b>', "data-safe": mark_safe("a&amp;b")}),
    )
    count = forms.IntegerField(min_value=0, disabled=True)
    secret = forms.CharField(widget=forms.PasswordInput(attrs={"autofocus": True, "x": False}))
    when = forms.DateField(widget=DateInput())
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    remembered = forms.CharField(required=False, show_hidden_initial=True)
    choice = forms.ChoiceField(choices=[("a", "A")])
    text = forms.CharField(widget=forms.Textarea, required=False)


def written(field):
    return Template("{% load inputs %}{% input_field field %}").render(Context({"field": field}))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "form",
    [
        Fields(),
        Fields(
            initial={"name": "Desa <Wainyapu> & 'q'", "count": 3, "when": datetime.date(2025, 3, 4)}
        ),
        Fields(data={"name": "", "code": '" onfocus="x', "count": "-1", "when": "32-13-2025"}),
        Fields(auto_id=False),
        Fields(prefix="p", auto_id="f_%s"),
        PlanAdoptForm(),
    ],
)
def test_an_input_is_written_as_django_renders_it(form, language):
    with translation.override(language):
        form.is_bound and form.is_valid()
        for field in form:
            assert written(field) == str(field), field.name


def test_the_adoption_date_is_a_plain_input_with_todays_date():
    html = written(PlanAdoptForm()["adopted_on"])
    assert html.startswith('<input type="text" name="adopted_on" value="')
    assert html.endswith(' required id="id_adopted_on">')


def test_a_plain_input_is_written_without_the_form_renderer(monkeypatch):
    form = Fields()

    def refuse(*args, **kwargs):
        raise AssertionError("rendered through the form renderer")

    monkeypatch.setattr(form.renderer, "render", refuse)
    for name in ("name", "code", "count", "secret", "when", "hidden"):
        assert written(form[name]).startswith("<input ")
    with pytest.raises(AssertionError):
        written(form["choice"])
