"""How a service's refusal reaches the person: on the form field it names, or as one line.

Services raise `ValidationError` keyed by the field they judged (`{"title": [...]}`) or with no
field at all; a view shows it without knowing which kind it got. And the site's form renderer
(settings.FORM_RENDERER): its labels carry no colon.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString

from rembuk.core.translated import per_language


class PlainLabelField(BoundField):
    """A field whose label is its words, without the colon Django adds to a form's labels
    (`label_suffix`): the labels written by hand in the templates have none, and a form drawn
    by `{{ form }}` or `as_div` reads the same. A field that wants a suffix sets its own."""

    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> SafeString:
        if label_suffix is None and self.field.label_suffix is None:
            label_suffix = ""
        return cast(SafeString, super().label_tag(contents, attrs, label_suffix, tag))


class FormRenderer(DjangoTemplates):
    """Django's renderer whose fields are `PlainLabelField`s: one rule for every form of the
    site, Django's own forms (login, password) included (docs/decisions/0016, round 14)."""

    bound_field_class = PlainLabelField


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names, the rest on top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_text(error: ValidationError) -> str:
    """A service's refusal as one line, for a cell that shows its state beside the value."""
    return " ".join(str(message) for message in error.messages)


class _SharedFields(dict[str, forms.Field]):
    """A form class's fields whose deep copy is the same fields (see `fields_shared`)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


def fields_shared[F: type[forms.Form]](form_class: F) -> F:
    """A form class whose instances share its fields instead of deep-copying them.

    Django deep-copies every field (widgets, choices, error messages) into each form it makes,
    so that one form may change its own fields; for a form made on every request of a page
    (the lesson search's filters) that copy cost more than the rest of the form. Only for a
    form whose fields nothing changes after the class is made: no `__init__` that sets
    choices, initial values or widget attributes. A subclass gets its own fields, copied as
    usual. A class with an `__init__` of its own (or of a base outside Django) is refused as
    it is made: what such an `__init__` changes would change every form of the class."""
    custom = [
        klass.__qualname__
        for klass in form_class.__mro__
        if "__init__" in vars(klass)
        and klass.__module__.partition(".")[0] not in ("django", "builtins")
    ]
    if custom:
        raise TypeError(
            f"{form_class.__name__} cannot share its fields: {', '.join(custom)} defines "
            "__init__, which could change them for every form of the class"
        )
    form_class.base_fields = _SharedFields(form_class.base_fields)
    return form_class


class ChoicesText(tuple[tuple[Any, str], ...]):
    """(value, label) pairs made once per process and language: {% options %} keeps the
    markup of such a list per selected value (core/templatetags/choices.py)."""

    def __init__(self, pairs: Any) -> None:
        self.options_markup: dict[str | None, str] = {}


@per_language
def choices_as_text(form_class: type[forms.Form], name: str) -> ChoicesText:
    """The (value, label) choices of the field `name` of a `fields_shared` form class, their
    labels translated into the active language: once per process and language (the catalogs
    do not change while the process runs), not once per label and request."""
    fields = form_class.base_fields
    if not isinstance(fields, _SharedFields):
        raise TypeError(f"{form_class.__name__} does not share its fields (fields_shared)")
    field = fields[name]
    assert isinstance(field, forms.ChoiceField)
    # Django keeps a field's choices as a list of pairs (no groups in these forms).
    pairs = cast(list[tuple[Any, Any]], field.choices)
    return ChoicesText((v, str(label)) for v, label in pairs)
