import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rembuk.core.forms import choices_as_text, fields_shared


@fields_shared
class Filters(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000)
    kind = forms.ChoiceField(required=False, choices=[("", _("All")), ("a", "A")])


def test_forms_of_a_shared_class_use_its_fields_not_copies():
    first, second = Filters(), Filters({"year": "2024"})
    assert first.fields["kind"] is second.fields["kind"] is Filters.base_fields["kind"]


def test_each_form_keeps_its_own_data_and_errors():
    wrong, right, empty = (
        Filters({"year": "1999", "kind": "z"}),
        Filters({"year": "2024"}),
        Filters(),
    )
    assert not wrong.is_valid() and set(wrong.errors) == {"year", "kind"}
    assert right.is_valid() and right.cleaned_data == {"year": 2024, "kind": ""}
    assert not empty.is_bound and not empty.errors
    assert wrong["year"].value() == "1999" and right["year"].value() == "2024"
    # Rendering a field leaves the shared widget as it was.
    assert 'aria-invalid="true"' in str(wrong["year"])
    assert 'aria-invalid="true"' not in str(right["year"])


def test_a_subclass_copies_its_fields_as_django_does():
    class More(Filters):
        extra = forms.CharField(required=False)

    assert More().fields["year"] is not More().fields["year"]


def test_a_class_whose_init_could_change_the_shared_fields_is_refused():
    class Narrowing(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.fields["kind"].choices = [("a", "A")]

    class Mixin:
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)

    class Mixed(Mixin, forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")])

    with pytest.raises(TypeError, match="Narrowing"):
        fields_shared(Narrowing)
    with pytest.raises(TypeError, match="Mixin"):
        fields_shared(Mixed)
    assert not isinstance(Narrowing.base_fields, type(Filters.base_fields))


def test_choices_as_text_are_in_the_active_language_and_kept():
    with translation.override("en"):
        english = choices_as_text(Filters, "kind")
        assert english == (("", "All"), ("a", "A"))
        assert choices_as_text(Filters, "kind") is english
    with translation.override("id"):
        assert choices_as_text(Filters, "kind") == (("", "Semua"), ("a", "A"))


def test_choices_as_text_only_for_a_form_that_shares_its_fields():
    class Plain(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")])

    with pytest.raises(TypeError):
        choices_as_text(Plain, "kind")


def test_a_forms_labels_carry_no_colon_however_it_is_drawn():
    """Django ends a label with ":" (label_suffix); the site's renderer leaves it out, as the
    labels written by hand have none (settings.FORM_RENDERER)."""

    class Meeting(forms.Form):
        place = forms.CharField(label="Tempat")
        day = forms.DateField(label="Tanggal", label_suffix=" *")
        kind = forms.ChoiceField(
            label="Jenis", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
        )

    form = Meeting()
    for drawn in (form.as_div(), form.as_p(), form.as_table(), str(form)):
        assert '<label for="id_place">Tempat</label>' in drawn, drawn
        assert "<legend>Jenis</legend>" in drawn or "<label>Jenis</label>" in drawn, drawn
        assert "Tempat:" not in drawn and "Jenis:" not in drawn
    # A field that asks for its own suffix keeps it.
    assert form["day"].label_tag() == '<label for="id_day">Tanggal *</label>'
