"""People between a hub and its nodes (docs/decisions/0011).

People (`User`) are not replicated records: they travel as reference data, hub → node.
- The hub sends a node its own people (rembuk.sync.scope.own_people) able to log in, with their
  password hash, whenever the node's digest of them is stale, and notes that it did
  (CredentialCopy), so a lost laptop's passwords can be replaced. People a record names travel
  as names only, unable to log in. A person who is no longer among the node's own people loses
  the credentials on the node with the next full list.
- A node never creates a person or a role. The one thing it may change about a person — the
  rule written once, in `profile_wins` and `hub_take_profiles` — is the password and display
  name of its own people, and only when its change is the later one (`User.profile_hlc`, a clock
  reading, compared on both sides). Anything else a node sends about people is quarantined.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher, make_password
from django.db.models import Q
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.clock import HLC
from rembuk.core.nodes import clock, local_node_id
from rembuk.sync.merge import Refused, quarantine
from rembuk.sync.models import CredentialCopy, HubLink, NodeToken
from rembuk.sync.scope import own_people
from rembuk.sync.trust import clock_ahead_refusal
from rembuk.sync.wire import WireEntry

# What a node holds of a person (never the staff or superuser flags).
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "password",
    "language",
    "time_zone",
    "is_active",
    "must_change_password",
    "profile_hlc",
)
# What a node may change about one of its own people, and send back.
PROFILE_FIELDS = ("first_name", "last_name", "password", "must_change_password")
_PROFILE_LIMITS = {"first_name": 150, "last_name": 150, "password": 128}
PERSON_NAMESPACE = uuid.UUID("3b0c8d5e-2a61-4f37-8c2e-6e1b7d9a4f20")


def profile_wins(incoming: str, current: str) -> bool:
    """A person's password and name as changed elsewhere replace ours when that change is the
    later one (an equal reading is the same change)."""
    return incoming > current


# --- hub → node ---------------------------------------------------------------------------


def referenced_user_ids(entries: Iterable[WireEntry]) -> set[str]:
    """The people these changes name: their authors and the people their records point at."""
    from django.apps import apps

    user_model = get_user_model()
    ids: set[str] = set()
    for entry in entries:
        if entry.get("actor_id"):
            ids.add(str(entry["actor_id"]))
        model = apps.get_model(entry["model_label"])
        for f in history.content_fields(model):
            if f.is_relation and f.related_model is user_model:
                value = entry["changes"].get(f.attname, [None, None])[1]
                if value:
                    ids.add(str(value))
    return ids


def users_snapshot(ids: Iterable[str], *, may_log_in: set[str]) -> list[dict[str, Any]]:
    """The people with these ids. Only those in `may_log_in` carry their password hash; the
    others travel as names for the history, unable to log in."""
    rows = (
        get_user_model().objects.filter(pk__in=list(ids)).order_by("pk").values("id", *USER_FIELDS)
    )
    snapshot = []
    for row in rows:
        item = {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in row.items()}
        if item["id"] not in may_log_in:
            item.update(
                password=make_password(None),
                is_active=False,
                must_change_password=False,
                reference_only=True,
            )
        snapshot.append(item)
    return snapshot


def users_digest(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def hub_people_for(
    token: NodeToken, entries: list[WireEntry], *, digest: str
) -> tuple[list[dict[str, Any]], str, bool]:
    """(people to send, digest of the node's own people, whether that is the full list)."""
    own = {str(pk) for pk in own_people(token.region_code).values_list("pk", flat=True)}
    current = users_digest(users_snapshot(own, may_log_in=own))
    ids = referenced_user_ids(entries)
    full = digest != current
    if full:
        ids |= own
        CredentialCopy.objects.bulk_create(
            [CredentialCopy(token=token, user_id=pk) for pk in own],
            update_conflicts=True,
            unique_fields=["token", "user"],
            update_fields=["sent_at"],
        )
    return users_snapshot(ids, may_log_in=own), current, full


def node_take_people(rows: Iterable[dict[str, Any]], *, full: bool) -> list[str]:
    """Take the hub's people. Returns the usernames that were held here by someone else: see
    _make_room for who gives way."""
    user_model = get_user_model()
    clashes: list[str] = []
    can_log_in: set[str] = set()
    for row in rows:
        values = {k: row[k] for k in USER_FIELDS if k in row}
        if not row.get("reference_only"):
            can_log_in.add(str(row["id"]))
        # The person, and whoever else holds their username here, in one query.
        found = {
            str(person.pk): person
            for person in user_model.objects.filter(
                Q(pk=row["id"]) | Q(username=values.get("username"))
            )
        }
        existing = found.pop(str(row["id"]), None)
        holder = next(iter(found.values()), None)
        if holder is not None:
            clashes.append(str(values["username"]))
            values["username"] = _make_room(holder, row)
        if existing is None:
            user_model.objects.create(id=row["id"], **values)
            continue
        if not row.get("reference_only") and not profile_wins(
            str(values.get("profile_hlc", "")), existing.profile_hlc
        ):
            # Changed here later than on the hub: keep ours; it goes up with the next push.
            for name in PROFILE_FIELDS:
                values.pop(name, None)
            values.pop("profile_hlc", None)
        changed = [k for k, v in values.items() if getattr(existing, k) != v]
        if changed:
            for key in changed:
                setattr(existing, key, values[key])
            existing.save(update_fields=changed)
    if full:
        _forget_credentials(exclude=can_log_in)
    return clashes


def _make_room(holder: Any, row: dict[str, Any]) -> str:
    """The username the hub's person `row` takes here, where `holder`, a person the hub does
    not know, already has it (made on the laptop before it was linked). The hub decides who
    logs in (ADR 0011): a person of this laptop's own takes the name, and the laptop's account,
    which would lose its login with the hub's next full list anyway, is renamed — it keeps the
    records it made. A person the hub sends as a name only, or a clash with the laptop's own
    administrator (who keeps their login), takes another name instead."""
    username = str(row["username"])
    if row.get("reference_only") or holder.is_superuser or holder.is_staff:
        return _free_username(username, "hub", person_id=str(row["id"]))
    holder.username = _free_username(username, "laptop", person_id=str(holder.pk))
    holder.save(update_fields=["username"])
    return username


def _free_username(username: str, mark: str, *, person_id: str) -> str:
    """`username.mark`, or `username.mark2`, … : the first that nobody but the person it is
    for holds here (so the name a person was given stays theirs at the next sync)."""
    user_model = get_user_model()
    limit = user_model._meta.get_field("username").max_length or 150
    stem = f"{username[: limit - len(mark) - 4]}.{mark}"
    taken = set(
        user_model.objects.filter(username__startswith=stem)
        .exclude(pk=person_id)
        .values_list("username", flat=True)
    )
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}{number}"
    return candidate


def _forget_credentials(*, exclude: set[str]) -> None:
    """People the hub no longer lists as this node's own keep their names here, not their
    passwords (superusers made on this laptop are its own administrators and stay)."""
    user_model = get_user_model()
    for person in user_model.objects.exclude(pk__in=exclude).filter(
        Q(is_superuser=False) & Q(is_staff=False)
    ):
        if person.has_usable_password() or person.is_active:
            person.set_unusable_password()
            person.is_active = False
            person.save(update_fields=["password", "is_active"])


# --- node → hub ---------------------------------------------------------------------------


def node_profiles(link: HubLink) -> list[dict[str, Any]]:
    """Passwords and names changed on this node since the hub last took them."""
    people = (
        get_user_model()
        .objects.filter(
            profile_hlc__endswith=f".{local_node_id()}", profile_hlc__gt=link.profiles_acked
        )
        .filter(is_superuser=False, is_staff=False)
        .order_by("profile_hlc")
        .values("id", "username", *PROFILE_FIELDS, "profile_hlc")
    )
    return [{**row, "id": str(row["id"])} for row in people]


# The work factors a password hash names, as Django's hashers decode them and hold their own.
_HASH_COSTS = ("iterations", "time_cost", "memory_cost", "parallelism", "work_factor", "block_size")


def _costs_too_much(encoded: Any) -> bool:
    """Whether a password hash asks more than twice the work of the hub's own hasher of its
    kind (a node of a newer release may ask somewhat more). The hub checks the hash at every
    attempt to log in as that person: one made to take minutes would hold a web worker each
    time. ValueError when no hasher of the hub's reads it."""
    hasher = identify_hasher(encoded)
    decoded = hasher.decode(encoded)
    return any(
        int(decoded[name]) > 2 * int(getattr(hasher, name))
        for name in _HASH_COSTS
        if name in decoded and hasattr(hasher, name)
    )


def _person_refusal(row: Any, token: NodeToken) -> Refused | None:
    """Why the hub does not take this person's row from the node, or None."""
    malformed = Refused("invalid", _("A person's record from the node is malformed."))
    if not isinstance(row, dict) or not isinstance(row.get("username"), str):
        return malformed
    try:
        person = get_user_model().objects.filter(pk=uuid.UUID(str(row.get("id")))).first()
    except ValueError:
        return malformed
    if person is None or person.username != row["username"]:
        return Refused(
            "reference_data",
            _("A node cannot create accounts (%(username)s): people are added on the hub.")
            % {"username": row["username"][:150]},
        )
    if not own_people(token.region_code).filter(pk=person.pk).exists():
        return Refused(
            "reference_data",
            _(
                "%(username)s also holds roles outside this node's region: their password and "
                "name are changed on the hub."
            )
            % {"username": person.username},
        )
    for name, limit in _PROFILE_LIMITS.items():
        value = row.get(name, "")
        if not isinstance(value, str) or len(value) > limit:
            return malformed
    if not isinstance(row.get("must_change_password"), bool):
        return malformed
    stamp = row.get("profile_hlc")
    try:
        reading = HLC.parse(stamp) if isinstance(stamp, str) else None
        costly = _costs_too_much(row["password"])
    except (ValueError, TypeError):
        reading = None
    if reading is None or reading.node_id != token.node_id:
        return malformed
    if costly:
        return Refused(
            "invalid",
            _(
                "%(username)s's password is stored with more work than this hub's own: it is "
                "changed on the hub."
            )
            % {"username": person.username},
        )
    return clock_ahead_refusal(str(stamp), "1970-01-01T00:00:00+00:00")


def hub_take_profiles(token: NodeToken, rows: Iterable[Any]) -> tuple[str, list[dict[str, str]]]:
    """Apply the passwords and names a node changed for its own people; quarantine anything
    else. Returns the latest reading taken and the refusals (for the node to show)."""
    acked = ""
    refused: list[dict[str, str]] = []
    for row in rows:
        stamp = row.get("profile_hlc") if isinstance(row, dict) else None
        if isinstance(stamp, str) and len(stamp) <= 80:
            acked = max(acked, stamp)  # answered either way: the node need not send it again
        refusal = _person_refusal(row, token)
        if refusal is not None:
            kept = (
                {k: row.get(k) for k in ("id", "username", "profile_hlc")}
                if isinstance(row, dict)
                else {"raw": str(row)[:200]}
            )
            key = f"person|{kept}"
            change_id = str(uuid.uuid5(PERSON_NAMESPACE, key))
            quarantine(
                {"change_id": change_id, "person": kept},
                refusal.code,
                refusal.reason,
                token.node_id,
                token.region_code,
            )
            refused.append({"change_id": change_id, "code": refusal.code, "reason": refusal.reason})
            continue
        person = get_user_model().objects.get(pk=row["id"])
        if profile_wins(row["profile_hlc"], person.profile_hlc):
            for name in PROFILE_FIELDS:
                setattr(person, name, row[name])
            person.profile_hlc = row["profile_hlc"]
            person.save(update_fields=[*PROFILE_FIELDS, "profile_hlc"])
            clock().observe(row["profile_hlc"])
    return acked, refused
