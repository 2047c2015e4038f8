"""Template filters that name records and fields in people's words (rembuk.core.history_text)."""

from __future__ import annotations

from django import template

from rembuk.core import history_text

register = template.Library()


@register.filter
def model_name(model_label: str) -> str:
    """{{ row.model_label|model_name }} → "Kegiatan"."""
    return history_text.model_name(model_label)


@register.filter
def field_name(attname: str, model_label: str) -> str:
    """{{ conflict.field_name|field_name:conflict.model_label }} → "Bergantung pada"."""
    return history_text.field_name(model_label, attname)


@register.filter
def value_of(record: object, side: str) -> str:
    """{{ conflict|value_of:"winning_value" }}: a record that names a model, a field and a
    change-log value (a sync conflict), its value in people's words."""
    model_label = str(getattr(record, "model_label", ""))
    attname = str(getattr(record, "field_name", ""))
    value = getattr(record, side, None)
    if isinstance(value, dict):
        # An edit that raced a deletion: every field it changed.
        return "; ".join(
            f"{history_text.field_name(model_label, name)}: "
            f"{history_text.value_text(model_label, name, item)}"
            for name, item in value.items()
        )
    return history_text.value_text(model_label, attname, value)
