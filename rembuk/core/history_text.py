"""History in people's words: how a change-log entry reads on a page.

The one rule for rendering ChangeLog entries, used by every page that shows them (a plan's
Riwayat, the Sinkronisasi page's per-record state and conflicts, the notifications): a model
is named by its verbose name ("Kegiatan", not `plans.activity`), a field by its verbose name
("Bergantung pada", not `depends_on_id`), a code by its choice label ("Terhambat"), a date as
dd-mm-yyyy, and a link to another record by that record's label (the activity's name, not its
UUID). Everything is read in the language active when the page is rendered, so the same entry
reads in Indonesian for one person and in English for another.

Linked records are looked up in one query per kind of record on the page, whatever the number
of entries, so a history page costs a constant number of queries.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core.models import ChangeLog, ReplicatedModel

# Bookkeeping a person does not read: the order among siblings says nothing on its own when a
# record is created, and deletion is the entry's action, not a field.
HIDDEN_ON_CREATE = frozenset({"position"})
NEVER_SHOWN = frozenset({"is_deleted"})
EMPTY = "—"


@dataclass
class ChangeLine:
    label: str
    old: str
    new: str


@dataclass
class ReadableChange:
    """One change-log entry as a person reads it."""

    when: datetime.datetime
    who: str
    what: str  # the kind of record: "Kegiatan"
    record: str  # which record: "Pelatihan pengelolaan unit usaha BUMDES"
    action: str  # "dibuat" / "diubah" / "dihapus"
    action_code: str
    lines: list[ChangeLine]


def _model(model_label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(model_label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if attname in (field.attname, field.name):
            return field
    try:
        found = model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def model_name(model_label: str) -> str:
    """`plans.activity` → "Kegiatan" (the model's verbose name, capitalised)."""
    model = _model(model_label)
    if model is None:
        return model_label
    return str(model._meta.verbose_name).capitalize()


def field_name(model_label: str, attname: str) -> str:
    """`plans.activitydependency`, `depends_on_id` → "Bergantung pada"."""
    field = _field(_model(model_label), attname)
    if field is None:
        return attname
    return str(field.verbose_name).capitalize()


def _meaning(model: type[models.Model] | None, attname: str) -> Any:
    """What a field's values are when the field does not say: choices, or a model's label."""
    if model is None or not issubclass(model, ReplicatedModel):
        return None
    return model.HISTORY_VALUES.get(attname)


def _linked_model(model: type[models.Model] | None, attname: str) -> type[models.Model] | None:
    field = _field(model, attname)
    if field is not None and field.is_relation and field.related_model is not None:
        return field.related_model  # type: ignore[return-value]
    meaning = _meaning(model, attname)
    if isinstance(meaning, str):
        return _model(meaning)
    return None


def _ids(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(item) for item in value if item]
    return [str(value)]


class Labels:
    """The labels of linked records, fetched in one query per kind of record."""

    def __init__(self, wanted: dict[type[models.Model], set[str]]) -> None:
        self._labels: dict[tuple[type[models.Model], str], str] = {}
        for model, ids in wanted.items():
            valid = [pk for pk in ids if _is_key(model, pk)]
            if not valid:
                continue
            manager = getattr(model, "all_objects", model._default_manager)
            # The records a label names come along: "Kodi Balaghar 28-03-2024" names the
            # kecamatan of the meeting without one more query per record.
            records = manager.filter(pk__in=valid)
            joins = _label_joins(model)
            for obj in records.select_related(*joins) if joins else records:
                self._labels[(model, str(obj.pk))] = str(obj)

    def get(self, model: type[models.Model], pk: str) -> str | None:
        return self._labels.get((model, pk))


def _label_joins(model: type[models.Model], depth: int = 2, prefix: str = "") -> list[str]:
    """The required foreign keys of a model, two levels deep: what its __str__ may name."""
    joins = []
    for field in model._meta.concrete_fields:
        if field.is_relation and not field.null and field.related_model is not None:
            path = f"{prefix}{field.name}"
            joins.append(path)
            if depth > 1:
                joins += _label_joins(field.related_model, depth - 1, f"{path}__")  # type: ignore[arg-type]
    return joins


def _is_key(model: type[models.Model], value: str) -> bool:
    if isinstance(model._meta.pk, models.UUIDField):
        try:
            uuid.UUID(value)
        except ValueError:
            return False
        return True
    return value.isdigit()


def labels_for(entries: Iterable[ChangeLog]) -> Labels:
    """Fetch the labels every entry of the page links to, and the entries' own records."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = _model(entry.model_label)
        if model is None:
            continue
        wanted[model].add(str(entry.object_id))
        for attname, change in entry.changes.items():
            linked = _linked_model(model, attname)
            if linked is None:
                continue
            for value in change:
                wanted[linked].update(_ids(value))
    return Labels(wanted)


def value_text(model_label: str, attname: str, value: Any, labels: Labels | None = None) -> str:
    """One field value, as it reads on a page."""
    if value in (None, "", []):
        return EMPTY
    model = _model(model_label)
    field = _field(model, attname)
    linked = _linked_model(model, attname)
    if linked is not None:
        names = [(labels.get(linked, pk) if labels else None) for pk in _ids(value)]
        known = sorted(name for name in names if name)
        missing = len(names) - len(known)
        if missing:
            # A record not on this node (or gone): say so rather than print its UUID.
            known.append(
                _("%(count)d record not here") % {"count": missing}
                if missing == 1
                else _("%(count)d records not here") % {"count": missing}
            )
        return "; ".join(known)
    meaning = _meaning(model, attname)
    choices = dict(meaning) if meaning else dict(field.flatchoices) if field else {}
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if choices:
        return str(choices.get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        moment = datetime.datetime.fromisoformat(str(value))
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d-%m-%Y %H:%M")
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(str(value)[:10]).strftime("%d-%m-%Y")
    if isinstance(field, models.TimeField):
        return str(value)[:5]
    if attname == "position" and isinstance(value, int):
        return str(value + 1)  # people count from one
    return str(value)


def describe(entry: ChangeLog, labels: Labels) -> ReadableChange:
    model = _model(entry.model_label)
    lines = []
    if entry.action != ChangeLog.Action.DELETE:
        for attname, (old, new) in entry.changes.items():
            if attname in NEVER_SHOWN:
                continue
            if entry.action == ChangeLog.Action.CREATE and (
                attname in HIDDEN_ON_CREATE
                or new in (None, "", [])
                # The record it belongs to is the page the history is shown on.
                or str(new) == str(entry.root_id)
            ):
                continue
            lines.append(
                ChangeLine(
                    label=field_name(entry.model_label, attname),
                    old=value_text(entry.model_label, attname, old, labels),
                    new=value_text(entry.model_label, attname, new, labels),
                )
            )
    record = labels.get(model, str(entry.object_id)) if model is not None else None
    return ReadableChange(
        when=entry.recorded_at,
        who=entry.actor_label,
        what=model_name(entry.model_label),
        record=record or entry.object_repr,
        action=entry.get_action_display(),
        action_code=entry.action,
        lines=lines,
    )


def describe_all(entries: Sequence[ChangeLog]) -> list[ReadableChange]:
    """A page of entries, with every linked record's label fetched at once."""
    labels = labels_for(entries)
    return [describe(entry, labels) for entry in entries]


def readable_values(model: type[models.Model], values: dict[str, Any]) -> list[tuple[str, str]]:
    """Field values of one record (a conflict's current text, say) as (name, value) pairs, in
    the order given."""
    label = model._meta.label_lower
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for attname, value in values.items():
        linked = _linked_model(model, attname)
        if linked is not None:
            wanted[linked].update(_ids(value))
    labels = Labels(wanted)
    return [
        (field_name(label, attname), value_text(label, attname, _plain(value), labels))
        for attname, value in values.items()
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value
