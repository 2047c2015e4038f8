"""The hub decides, never the node (docs/decisions/0011).

For every change a node pushes, the hub works out from its OWN records where the change lands
and who made it, and refuses what lies outside the node's region:
- where: an update or a delete is judged by the hub's current copy of the record, a create or a
  move by the record as it would be (its new parent); both ends of a move must lie inside the
  region; a delete may not take along anything outside it; every record the change points at
  must be one the node could have received. The `scope_code` and `root_id` the node claims are
  replaced by the hub's, so the nodes that own the record pull the change.
- who: the author is the hub's person with that id when they are one of the node's own people
  (the only people who can log in on it: rembuk.sync.scope.own_people) and hold a role over the
  record's region; otherwise the change is recorded as made by the node (its token's label),
  never under a name the node chose. A person a record names (who sent a report) must qualify
  the same way.
- what: reference data (regions, agencies, memberships) is never taken from a node.
- when: a clock more than REMBUK_SYNC_MAX_CLOCK_AHEAD ahead of the hub's is refused, so one
  laptop cannot push every later edit into the future.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import time
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.clock import HLC
from rembuk.core.models import ChangeLog, ReplicatedModel
from rembuk.core.permissions import region_covers
from rembuk.people.permissions import has_role_over
from rembuk.sync.merge import Refused
from rembuk.sync.models import Conflict, NodeToken
from rembuk.sync.scope import REFERENCE_MODELS, own_people, visible_to
from rembuk.sync.wire import WireEntry, replicated_model

# Fields of a conflict that tie it to its record: fixed when it is made.
_CONFLICT_IDENTITY = ("model_label", "object_id", "scope", "root_id")


def node_label(token: NodeToken) -> str:
    """How the hub names a change it cannot attribute to one of its people."""
    name = token.label or _("node")
    return f"{name} ({token.node_id})"[:150]


def clock_ahead_refusal(hlc: str, recorded_at: str) -> Refused | None:
    """A change stamped further ahead of this hub's clock than the allowed skew."""
    allowed_ms = int(settings.REMBUK_SYNC_MAX_CLOCK_AHEAD.total_seconds() * 1000)
    now_ms = int(time.time() * 1000)
    stamped_ms = max(
        HLC.parse(hlc).physical_ms,
        int(datetime.datetime.fromisoformat(recorded_at).timestamp() * 1000),
    )
    if stamped_ms - now_ms <= allowed_ms:
        return None
    return Refused(
        "clock_ahead",
        _(
            "The sending computer's clock is %(hours)s hours ahead of the hub's (at most "
            "%(allowed)s are accepted). Set its date and time correctly, then sync again."
        )
        % {
            "hours": round((stamped_ms - now_ms) / 3_600_000, 1),
            "allowed": round(allowed_ms / 3_600_000, 1),
        },
    )


class HubJudge:
    """Judges the changes of one node's push (or bundle, or a retried quarantine entry).

    Caches the records and people it reads, so a batch costs a query per record it touches,
    not per change."""

    def __init__(self, token: NodeToken) -> None:
        self.region = token.region_code
        self.node_id = token.node_id
        self.node_label = node_label(token)
        self._objects: dict[tuple[type[models.Model], str], models.Model | None] = {}
        self._people: dict[str, Any] = {}
        self._own_people: set[str] | None = None

    def prefetch(self, entries: list[WireEntry]) -> None:
        """Read the hub's copies of every record the batch changes, one query per kind."""
        wanted: dict[type[models.Model], set[str]] = {}
        for entry in entries:
            with contextlib.suppress(LookupError, ValueError):
                model = apps.get_model(entry["model_label"])
                wanted.setdefault(model, set()).add(entry["object_id"])
        for model, ids in wanted.items():
            found = {str(pk): obj for pk, obj in model._base_manager.in_bulk(list(ids)).items()}
            for pk in ids:
                self._objects[(model, pk)] = found.get(pk)
            for obj in found.values():
                self._prime(obj)

    def __call__(self, entry: WireEntry) -> WireEntry:
        try:
            return self._judge(entry)
        except (
            ObjectDoesNotExist,
            AttributeError,
            ValidationError,
            ValueError,
            TypeError,
        ) as error:
            # A change that cannot even be placed (a create without its parent, say).
            raise Refused(
                "invalid",
                _("It cannot be placed in a region: %(error)s") % {"error": str(error)[:200]},
            ) from error
        finally:
            # The change may now be applied: whoever refers to this record next reads it again.
            for key in [k for k in self._objects if k[1] == entry["object_id"]]:
                del self._objects[key]

    def _judge(self, entry: WireEntry) -> WireEntry:
        if entry["node_id"] != self.node_id:
            raise Refused(
                "foreign_node",
                _("A node may send only changes made on it (this one came from %(node)s).")
                % {"node": entry["node_id"]},
            )
        if entry["model_label"] in REFERENCE_MODELS:
            raise Refused(
                "reference_data",
                _("Regions, agencies and roles are reference data: they are changed on the hub."),
            )
        refusal = clock_ahead_refusal(entry["hlc"], entry["recorded_at"])
        if refusal is not None:
            raise refusal
        model = replicated_model(entry["model_label"])
        current = self._get(model, entry["object_id"])
        if current is not None:
            self._inside(self._scope(current), _("The record belongs to %(scope)s"))
        elif entry["action"] != ChangeLog.Action.CREATE:
            raise Refused(
                "missing_record",
                _("It changes a record that is not here (its creation has not arrived)."),
            )
        if entry["action"] == ChangeLog.Action.DELETE:
            assert isinstance(current, ReplicatedModel)
            self._cascade_inside(current)
            scope, root = self._scope(current), current.history_root_id()
        else:
            after = self._as_changed(model, current, entry)
            self._references_visible(model, entry)
            scope = self._scope(after)
            self._inside(scope, _("The change would place the record in %(scope)s"))
            root = after.history_root_id()
            if model is Conflict:
                self._conflict_identity(cast(Conflict, after), current, scope)
                self._conflict_restorable(cast(Conflict, after))
        self._people_named(model, entry, scope)
        actor_id, actor_label = self._author(entry["actor_id"], scope)
        return WireEntry(
            **{  # type: ignore[typeddict-item]
                **entry,
                "scope_code": scope,
                "root_id": str(root),
                "actor_id": actor_id,
                "actor_label": actor_label,
            }
        )

    # --- where --------------------------------------------------------------------------------

    def _inside(self, scope: str, what: str) -> None:
        if not region_covers(self.region, scope):
            raise Refused(
                "out_of_scope",
                _("%(what)s, outside this node's region %(region)s.")
                % {"what": what % {"scope": scope}, "region": self.region},
            )

    def _get(self, model: type[models.Model], pk: Any) -> models.Model | None:
        """The hub's copy of a record, cached for the batch (parents are read once). A record
        not here is looked for again next time: an earlier change of the batch may create it."""
        key = (model, str(pk))
        if key in self._objects:
            return self._objects[key]
        obj = next(iter(model._base_manager.filter(pk=pk)), None)
        if obj is not None:
            self._objects[key] = obj
            self._prime(obj)
        return obj

    def _prime(self, obj: models.Model) -> None:
        """Fill the foreign-key caches of `obj` from the batch's cache, so that scope_code()
        walks up to the region without a query per record."""
        for f in obj._meta.concrete_fields:
            target = f.related_model
            if f.many_to_one and isinstance(target, type) and issubclass(target, ReplicatedModel):
                relation: Any = f
                value = getattr(obj, f.attname)
                if value is not None and not relation.is_cached(obj):
                    parent = self._get(target, value)
                    if parent is None:
                        raise Refused(
                            "missing_reference",
                            _("It refers to a %(what)s that is not here (%(id)s).")
                            % {"what": target._meta.verbose_name, "id": value},
                        )
                    relation.set_cached_value(obj, parent)

    def _as_changed(
        self, model: type[ReplicatedModel], current: models.Model | None, entry: WireEntry
    ) -> ReplicatedModel:
        """The record as it would be with every field of the change applied (not only the
        fields that win the merge: a move is judged by where the node meant to put it)."""
        if current is None:
            obj = model(id=entry["object_id"])
        else:
            obj = copy.copy(cast(ReplicatedModel, current))
            obj._state = copy.copy(current._state)
            obj._state.fields_cache = {}
        fields = {f.attname: f for f in history.content_fields(model)}
        for name, (_old, new) in entry["changes"].items():
            if name in fields:
                setattr(obj, name, history._field_value(fields[name], new))
        self._prime(obj)
        return obj

    def _scope(self, obj: models.Model) -> str:
        if isinstance(obj, Conflict):
            target = self._get(replicated_model(obj.model_label), obj.object_id)
            if target is None:
                raise Refused(
                    "missing_reference",
                    _("It refers to a %(what)s that is not here (%(id)s).")
                    % {"what": obj.model_label, "id": obj.object_id},
                )
            return self._scope(target)
        return cast(ReplicatedModel, obj).scope_code()

    def _references_visible(self, model: type[ReplicatedModel], entry: WireEntry) -> None:
        user_model = get_user_model()
        for f in history.content_fields(model):
            value = entry["changes"].get(f.attname, [None, None])[1]
            target = f.related_model
            if not f.is_relation or value is None or target is user_model:
                continue
            assert isinstance(target, type)
            record = self._get(target, value)
            assert record is not None  # _prime refused a missing one
            scope = self._scope(record)
            if not visible_to(self.region, target._meta.label_lower, scope):
                raise Refused(
                    "out_of_scope",
                    _("It refers to a %(what)s of %(scope)s, outside this node's region.")
                    % {"what": target._meta.verbose_name, "scope": scope},
                )

    def _cascade_inside(self, obj: ReplicatedModel) -> None:
        for child in history.replicated_children(obj):
            scope = self._scope(child)
            if not region_covers(self.region, scope):
                raise Refused(
                    "out_of_scope",
                    _(
                        "Deleting it would also delete a %(what)s of %(scope)s, outside this "
                        "node's region."
                    )
                    % {"what": child._meta.verbose_name, "scope": scope},
                )
            self._cascade_inside(child)

    def _conflict_identity(
        self, conflict: Conflict, current: models.Model | None, scope: str
    ) -> None:
        """A conflict is shown to whoever may see `scope`: it must name its record's."""
        target = self._get(replicated_model(conflict.model_label), conflict.object_id)
        assert isinstance(target, ReplicatedModel)
        changed_identity = current is not None and any(
            str(getattr(current, name)) != str(getattr(conflict, name))
            for name in _CONFLICT_IDENTITY
        )
        if (
            changed_identity
            or conflict.scope != scope
            or str(conflict.root_id) != str(target.history_root_id())
        ):
            raise Refused(
                "out_of_scope",
                _("The conflict does not name its record's region (%(scope)s).") % {"scope": scope},
            )

    def _conflict_restorable(self, conflict: Conflict) -> None:
        """Restoring a conflict's other value (services.conflict_resolve) is a person's edit on
        the hub, which no judge sees: the value a node puts there must be one the hub would
        take from the node as an edit of that field — of a record that is not reference data,
        pointing at what the node may see, leaving the record inside the node's region."""
        if conflict.kind != Conflict.Kind.FIELD:
            return  # a deleted record is re-entered by a person, never restored from here
        target_model = replicated_model(conflict.model_label)
        if target_model._meta.label_lower in REFERENCE_MODELS:
            raise Refused(
                "reference_data",
                _("Regions, agencies and roles are reference data: they are changed on the hub."),
            )
        if conflict.field_name not in {f.attname for f in history.content_fields(target_model)}:
            raise Refused(
                "invalid",
                _("The conflict names a field this kind of record does not have (%(field)s).")
                % {"field": conflict.field_name[:60]},
            )
        restored = cast(
            WireEntry, {"changes": {conflict.field_name: [None, conflict.losing_value]}}
        )
        target = self._get(target_model, conflict.object_id)
        after = self._as_changed(target_model, target, restored)
        self._references_visible(target_model, restored)
        scope = self._scope(after)
        self._inside(scope, _("Restoring the conflict's value would place the record in %(scope)s"))
        self._people_named(target_model, restored, scope)

    # --- who ----------------------------------------------------------------------------------

    def _person(self, user_id: Any) -> Any:
        key = str(user_id)
        if key not in self._people:
            self._people[key] = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        return self._people[key]

    def _allowed(self, user_id: Any, scope: str) -> Any:
        if self._own_people is None:
            self._own_people = {
                str(pk) for pk in own_people(self.region).values_list("pk", flat=True)
            }
        if not user_id or str(user_id) not in self._own_people:
            return None
        person = self._person(user_id)
        if person is None or not has_role_over(person, scope):
            return None
        return person

    def _people_named(self, model: type[ReplicatedModel], entry: WireEntry, scope: str) -> None:
        user_model = get_user_model()
        for f in history.content_fields(model):
            value = entry["changes"].get(f.attname, [None, None])[1]
            named = f.is_relation and f.related_model is user_model and value is not None
            if named and self._allowed(value, scope) is None:
                raise Refused(
                    "person",
                    _("It names a person who holds no role in %(scope)s on the hub.")
                    % {"scope": scope},
                )

    def _author(self, actor_id: str | None, scope: str) -> tuple[str | None, str]:
        person = self._allowed(actor_id, scope)
        if person is None:
            return None, self.node_label
        return str(person.pk), history.actor_label(person)
