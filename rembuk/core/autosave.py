"""The autosaving cell (ADR 0007, ADR 0023): one mechanism for every form saved as it is typed.

The contract, from the page to the database and back:
- the page: each cell is a small form that htmx posts 800 ms after typing stops (and on
  `change`), with a Save button that works without JavaScript. Its save state block
  (templates/includes/save_state.html) carries the record's `base_version` and, for each field,
  the value the page showed (`was_<name>`, written by saved_values() or the `saved_values` tag);
- the view sends the service only the fields whose value differs from what the page showed
  (rembuk.core.posted.changed_fields), with `base_version`;
- the service writes through rembuk.core.history.update(base_version=...), which merges edits
  to other fields and raises EditConflict for a stale edit of a field someone else changed;
- the view answers with respond(): htmx gets the new save state — the hidden inputs moved to
  the record as it is now, and "Tersimpan 10:42" or the refusal — never the textarea, so typing
  is not interrupted; without JavaScript, a redirect back to the page with the same messages.

A stale edit is reported one way everywhere: conflict_message(), then each field the other
person changed, labelled as the page labels it, with the text they saved. The state moves to their
version, so the person's next save (after merging by hand) goes through deliberately.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import dates, history_text
from rembuk.core.forms import error_text
from rembuk.core.history import EditConflict
from rembuk.core.htmx import is_htmx
from rembuk.core.posted import base_version, changed_fields

TEMPLATE = "includes/save_state.html"


def conflict_message() -> str:
    """What a person reads after a stale edit, on every page (their text follows it)."""
    return _(
        "Someone else changed this while you were typing. Their text is shown below: "
        "merge it with yours, then keep typing to save."
    )


def _shown(value: Any) -> str:
    """A field's value as the page writes it in a `was_` input (and a form field shows it)."""
    if isinstance(value, list | tuple):
        return ",".join(sorted(str(v) for v in value))
    if isinstance(value, datetime.date):
        return dates.shown(value)
    return "" if value is None else str(value)


def saved_values(
    obj: models.Model | None, names: list[str], defaults: dict[str, Any] | None = None
) -> dict[str, str]:
    """The `was_` values of a record as saved: what the page shows in its fields. A relation
    is its id. Without a record (a new entry), `defaults` or empty."""
    if obj is None:
        return values_shown(defaults or {}, names)
    values: dict[str, str] = {}
    for name in names:
        field = obj._meta.get_field(name)
        attname = field.attname if field.is_relation else name  # type: ignore[union-attr]
        values[name] = _shown(getattr(obj, attname))
    return values


def values_shown(values: Mapping[str, Any], names: Iterable[str]) -> dict[str, str]:
    """The `was_` values of a record read as values (a relation under its field's name, its
    id as the value), or of a new entry's defaults: as saved_values() writes them."""
    return {name: _shown(values.get(name)) for name in names}


def shown_values(
    obj: models.Model | None,
    names: list[str],
    post: QueryDict,
    error: ValidationError | None = None,
) -> dict[str, str]:
    """The `was_` values the page should carry after a save: the record's as saved (or as
    someone else saved it, after a conflict). After any other refusal the page keeps what it
    showed, so the person's text is sent again on their next try."""
    if obj is None or (error is not None and not isinstance(error, EditConflict)):
        return {name: str(post.get(f"was_{name}", "")) for name in names}
    return saved_values(obj, names)


def current(obj: models.Model | None, error: ValidationError | None) -> models.Model | None:
    """After a stale edit, the record as it is now (the state moves to it); else `obj`."""
    if isinstance(error, EditConflict) and obj is not None and obj.pk is not None:
        return type(obj)._default_manager.get(pk=obj.pk)
    return obj


def respond(
    request: HttpRequest,
    *,
    obj: models.Model | None,
    fields: dict[str, str],
    error: ValidationError | None,
    redirect_to: str,
    key: str = "",
) -> HttpResponse:
    """htmx: the cell's save state (hidden inputs and a message). Without JS: back to the page,
    the outcome as messages — after a stale edit, their text and the person's own, unsaved.

    `obj` is the record as it is now (current() after a conflict); `key` names a cell whose
    record may not exist yet (a new entry: its id comes back with the state)."""
    conflict = error if isinstance(error, EditConflict) else None
    message = error_text(error) if error is not None else ""
    conflict_items: list[tuple[str, str]] = []
    if conflict is not None:
        message = conflict_message()
        model = conflict.model or (type(obj) if obj is not None else None)
        if model is not None:
            conflict_items = history_text.readable_values(model, conflict.current)
    if not is_htmx(request):
        if error is None:
            messages.success(request, _("Saved."))
        else:
            messages.error(request, message)
        for name, (label, value) in zip(
            conflict.current if conflict else {}, conflict_items, strict=False
        ):
            messages.info(request, f"{label}: {value}")
            messages.warning(
                request,
                _("Your text, not saved: %(text)s") % {"text": request.POST.get(name, "")},
            )
        return redirect(redirect_to)
    return render(
        request,
        TEMPLATE,
        {
            "obj": obj,
            "key": key,
            "fields": fields,
            "error_text": message,
            "conflict_items": conflict_items,
            "saved_at": timezone.localtime() if error is None else None,
        },
    )


def save[M: models.Model](
    request: HttpRequest,
    *,
    obj: M | None,
    names: list[str],
    write: Callable[[dict[str, Any], int | None], M],
    redirect_to: str,
    key: str = "",
    multi: tuple[str, ...] = (),
    changes: dict[str, Any] | None = None,
    create: bool = False,
) -> HttpResponse:
    """One autosaving cell, posted: the fields changed since the page showed them (or
    `changes`, worked out by the caller) go to `write(changes, base_version)` — a service
    call — and the answer is respond()'s. Nothing changed: nothing written, unless `create`
    (a new entry is written at once, so its id comes back with the state)."""
    post = request.POST
    if changes is None:
        changes = changed_fields(post, names, multi=multi)
    error: ValidationError | None = None
    if changes or create:
        try:
            obj = write(changes, base_version(post))
        except ValidationError as failure:
            error = failure
    shown = current(obj, error)
    return respond(
        request,
        key=key,
        obj=shown,
        fields=shown_values(shown, names, post, error),
        error=error,
        redirect_to=redirect_to,
    )
