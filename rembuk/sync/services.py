"""The sync protocol between kecamatan nodes and their hub (docs/decisions/0005, 0011, 0012).

Owns these rules (the others live beside it: merge.py applies and merges received changes,
trust.py is the hub's judgement of a node's changes, people.py moves people, tokens.py and
bundles.py):
1. Scope. A node receives the records of its region plus reference data (scope.pull_filter);
   it sends only changes made on it, and the hub refuses whatever its own records place
   outside the node's region. Nothing received is dropped without a Quarantine row saying why.
2. Order. Push batches carry the cursor they start after; the hub refuses a batch that would
   leave a gap (409 with the cursor it expects) and the node resumes from there, within the
   same sync, a bounded number of times and only backwards inside its own log. Each batch and
   each pulled page is applied with its cursor move in one transaction, so an interrupted sync
   is simply run again. Every answer moves the node on or stops the sync (never the same
   request for ever), and no hub's number moves the push cursor past what the hub was sent or
   names as held here.
3. A node's refusals mirror the hub's quarantine: once an administrator retries a change
   successfully on the hub, the node stops showing it as refused.
4. Restores. Each side's cursor of the other's log names the change it stands on; the side
   that owns the log checks it holds that change at that place. A hub restored from a backup
   (hub_holds) sends again from its own cursor; a node restored from a backup (node_holds)
   pushes again from a place both agree on, and the hub sends back the node's own changes it
   had received (they are lost on the node). Exact ids, never numbers: a lost acknowledgement
   leaves the named change where it was, so it is never taken for a restore.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rembuk.core import history
from rembuk.core.models import ChangeLog
from rembuk.core.nodes import local_node_id
from rembuk.sync.merge import ApplyResult, LogRow, Unseen, apply_entries
from rembuk.sync.models import Conflict, HubLink, NodeToken, Quarantine, Rejection
from rembuk.sync.people import hub_people_for, hub_take_profiles, node_profiles, node_take_people
from rembuk.sync.permissions import can_resolve_conflict_in
from rembuk.sync.problems import Code, not_linked_message, problem_of
from rembuk.sync.scope import REFERENCE_MODELS, REGION_MODEL, pull_filter
from rembuk.sync.tokens import check_live, last_seq_from
from rembuk.sync.trust import HubJudge
from rembuk.sync.wire import (
    BATCH_SIZE,
    LOG_FIELDS,
    MAX_PAGE,
    PROTOCOL_VERSION,
    SyncRefused,
    SyncUnavailable,
    WireEntry,
    decode,
    encode,
    payload_int,
    payload_list,
    payload_text,
    wire_entry,
)

__all__ = [  # the names the sync client and commands use
    "BATCH_SIZE",
    "NOT_LINKED_MESSAGE",
    "SyncRefused",
    "SyncReport",
    "SyncUnavailable",
    "decode",
    "encode",
    "hub_link",
    "node_sync",
]

# Read by kecamatan staff on the Sinkronisasi page: whom to ask, not what to run. The `sync`
# command adds the command for the administrator who reads it (docs/sync.md).
NOT_LINKED_MESSAGE = not_linked_message()

HUB_REWOUND_MESSAGE = gettext_lazy(
    "The hub was restored from a backup: this computer sent it its changes again and received "
    "the hub's changes again."
)

NODE_RESTORED_MESSAGE = gettext_lazy(
    "This computer was restored from a backup. Nothing is lost: the changes made here since the "
    "restore were sent to the hub, and the changes this computer had sent before the restore "
    "came back from the hub."
)

# A node's open refusals are listed in `hello` up to this many (beyond, it keeps its own).
_REFUSALS_LISTED = 2000


# --- the hub's side ------------------------------------------------------------------------


def _hub_unseen(token: NodeToken) -> Unseen:
    # The node had seen a hub row if it came from the node or the node has pulled past it.
    return lambda row: row.node_id != token.node_id and row.seq > token.pull_cursor


def hub_holds(seq: int, change_id: str) -> bool:
    """Whether this hub's log holds that change at that place. A node's pull cursor is a place
    in the hub's log; a hub restored from a backup gives the places after the backup to new
    changes, so the node's cursor means something only while the change it names is there."""
    try:
        return ChangeLog.objects.filter(seq=seq, change_id=uuid.UUID(change_id)).exists()
    except ValueError:
        return False


def node_holds(seq: int, change_id: str) -> bool:
    """Whether this node's log holds its own change `change_id` at `seq`: the mirror of
    hub_holds. The hub's push cursor is a place in this node's log; a node restored from a
    backup gives the places after the backup to new changes. Place 0 holds nothing, so every
    log agrees on it; a hub that names no change (one not yet upgraded, or a cursor set before
    the upgrade) is taken at its number, as before."""
    if seq == 0 or not change_id:
        return True
    try:
        wanted = uuid.UUID(change_id)
    except ValueError:
        return False
    return ChangeLog.objects.filter(seq=seq, change_id=wanted, node_id=local_node_id()).exists()


def own_change_at(seq: int) -> str:
    """The id of this node's own change at `seq` ("" at 0 or when there is none)."""
    if seq == 0:
        return ""
    found = (
        ChangeLog.objects.filter(seq=seq, node_id=local_node_id())
        .values_list("change_id", flat=True)
        .first()
    )
    return str(found) if found else ""


def uuid_text(value: str) -> str:
    """A change id as this side stores it, or "" when `value` is not one."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def hub_hello(token: NodeToken, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    payload = payload or {}
    open_refusals = list(
        Quarantine.objects.filter(source_node=token.node_id, released_at__isnull=True)
        .order_by("-received_at")
        .values_list("change_id", flat=True)[: _REFUSALS_LISTED + 1]
    )
    answer = {
        "protocol": PROTOCOL_VERSION,
        "hub_node_id": local_node_id(),
        "region_code": token.region_code,
        "push_cursor": token.push_cursor,
        # The node checks it still holds this change at push_cursor (services.node_holds).
        "push_change_id": token.push_change_id,
        "pull_cursor": token.pull_cursor,
    }
    if len(open_refusals) <= _REFUSALS_LISTED:
        answer["open_refusals"] = [str(change_id) for change_id in open_refusals]
    pulled_to = payload_int(payload, "pull_cursor")
    pulled_change = payload_text(payload, "pull_change_id", limit=40)
    if pulled_to and pulled_change:
        if not hub_holds(pulled_to, pulled_change):
            # Restored from a backup: the node pulls again from what this hub recorded for it.
            answer["log_rewound"] = True
        elif pulled_to < token.pull_cursor:
            # The node stands before what it acknowledged: restored from a backup, it lost what
            # it pulled since. Conflict checks and the pending count go by where it stands.
            NodeToken.objects.filter(pk=token.pk, pull_cursor__gt=pulled_to).update(
                pull_cursor=pulled_to
            )
            token.pull_cursor = pulled_to
    return answer


def hub_apply(token: NodeToken, payload: dict[str, Any]) -> tuple[ApplyResult, str]:
    """Apply what a node sent (a push or a bundle); call inside a transaction that took
    history.lock_writers() first. Returns the result and the latest person change taken."""
    people_acked, people_refused = hub_take_profiles(
        token, payload_list(payload, "people") + payload_list(payload, "users")
    )
    result = apply_entries(
        payload_list(payload, "entries"),
        unseen=_hub_unseen(token),
        source_node=token.node_id,
        region_code=token.region_code,
        judge=HubJudge(token),
    )
    result.refused.extend(people_refused)
    return result, people_acked


def highest_entry(entries: list[Any]) -> tuple[int, str]:
    """The highest node seq among `entries` and the id of the change there ("" if none)."""
    top, top_id = 0, ""
    for entry in entries:
        seq = entry.get("seq") if isinstance(entry, dict) else None
        if isinstance(seq, int) and not isinstance(seq, bool) and seq > top:
            top, top_id = seq, uuid_text(str(entry.get("change_id", ""))[:40])
    return top, top_id


def hub_take_batch(token: NodeToken, entries: list[Any]) -> None:
    """The push cursor moves to the highest change of a batch (or bundle) the hub has taken,
    with that change's id: a lost answer means the node sends some of it again, harmlessly."""
    seq, change_id = highest_entry(entries)
    if seq > token.push_cursor:
        token.push_cursor, token.push_change_id = seq, change_id


def hub_restart_node_log(token: NodeToken, *, after: int, after_change_id: str) -> None:
    """The node's log no longer holds the change this hub's push cursor stands on: the node was
    restored from a backup and gave the places after it to new changes. Its push starts again
    from `after`, a place both still agree on (resending is harmless: a change this hub holds
    is skipped by its id), and its own changes this hub received go back to it, since it lost
    those made after the backup. Call with the token locked; the caller saves it."""
    token.push_cursor, token.push_change_id = after, after_change_id
    last_own = last_seq_from(token.node_id or "-")
    if last_own:
        token.return_own_until = max(token.return_own_until or 0, last_own)


def node_log_rewound(
    token: NodeToken, *, after: int, after_change_id: str, entries: list[Any]
) -> bool:
    """Whether a bundle shows that its node's log no longer holds the change this hub's push
    cursor stands on. A bundle holds every change of the node after `after` (which is at most
    the hub's cursor), so the check is exact: the change at the cursor is `after`'s or one of
    the bundle's entries, with the same id."""
    cursor, expected = token.push_cursor, token.push_change_id
    if cursor == 0 or not expected:
        return False
    if after == cursor:
        return after_change_id != expected
    for entry in entries:
        if isinstance(entry, dict) and entry.get("seq") == cursor:
            return str(entry.get("change_id", ""))[:40] != expected
    return True


def hub_push(token: NodeToken, payload: dict[str, Any]) -> dict[str, Any]:
    """Apply one batch a node pushed; answer with the new cursor and any refusals."""
    after = payload_int(payload, "after")
    entries = payload_list(payload, "entries")
    # The node found this hub's cursor on a change its log no longer holds (node_holds).
    restart = payload.get("restart") is True
    after_change_id = uuid_text(payload_text(payload, "after_change_id", limit=40))
    if len(entries) > MAX_PAGE:
        raise SyncRefused(
            _("A batch holds at most %(count)d changes.") % {"count": MAX_PAGE}, status=413
        )
    with transaction.atomic():
        history.lock_writers()
        token = NodeToken.objects.select_for_update().get(pk=token.pk)
        check_live(token)  # revoked while the batch was being read
        if after > token.push_cursor:
            raise SyncRefused(
                _("A batch is missing before this one; resend from %(cursor)s.")
                % {"cursor": token.push_cursor},
                status=409,
                data={"expected_after": token.push_cursor},
            )
        before = (token.push_cursor, token.push_change_id, token.return_own_until)
        if restart:
            hub_restart_node_log(token, after=after, after_change_id=after_change_id)
        result, people_acked = hub_apply(token, payload)
        hub_take_batch(token, entries)
        if (token.push_cursor, token.push_change_id, token.return_own_until) != before:
            token.save(update_fields=["push_cursor", "push_change_id", "return_own_until"])
    return {
        "acked": token.push_cursor,
        "applied": result.applied,
        "refused": result.refused,
        "people_acked": people_acked,
    }


def hub_own_returned(token: NodeToken, pulled_to: int) -> bool:
    """The node stands at `pulled_to` in this hub's log: once that is past `return_own_until`,
    it has received its own changes back (hub_restart_node_log) and they stop going back.
    Whether `pulled_to` is a place to trust, and how the pull cursor moves with it, is the
    caller's: an ack only moves it forward, a bundle's header moves it where the node stands.
    Returns whether the token changed; the caller saves it."""
    if token.return_own_until is None or pulled_to < token.return_own_until:
        return False
    token.return_own_until = None
    return True


def hub_ack(token: NodeToken, payload: dict[str, Any]) -> dict[str, Any]:
    """The node has applied every hub change in its scope up to `after`."""
    after = payload_int(payload, "after")
    with transaction.atomic():
        token = NodeToken.objects.select_for_update().get(pk=token.pk)
        changed = []
        if after > token.pull_cursor:
            token.pull_cursor = after
            changed.append("pull_cursor")
        if hub_own_returned(token, after):
            changed.append("return_own_until")
        if changed:
            token.save(update_fields=changed)
    return {"pull_cursor": token.pull_cursor}


def hub_learn_push_change(token: NodeToken, payload: dict[str, Any]) -> None:
    """A token whose push cursor names no change (set before cursors did, ADR 0005's round 10)
    learns it from the node's pull, when the node names its own change at the very place the
    cursor stands: so a restore after this sync is noticed even if the node had nothing to
    push. Before, only the node's next push named it. The node speaks only of its own log, as
    a push's entries and `after_change_id` do: a wrong id at worst takes the node for restored,
    and the hub sends back the node's own changes (its scope, skipped by id)."""
    if token.push_change_id or not token.push_cursor or "push_change_id" not in payload:
        return  # every sync but the first after the upgrade: nothing to look up
    change_id = uuid_text(payload_text(payload, "push_change_id", limit=40))
    if change_id and payload_int(payload, "push_cursor") == token.push_cursor:
        NodeToken.objects.filter(
            pk=token.pk, push_cursor=token.push_cursor, push_change_id=""
        ).update(push_change_id=change_id)


def hub_pull(token: NodeToken, payload: dict[str, Any]) -> dict[str, Any]:
    """The next page of hub changes for a node; asking `after` N acknowledges up to N."""
    after = payload_int(payload, "after")
    limit = max(1, min(payload_int(payload, "limit", BATCH_SIZE), MAX_PAGE))
    digest = payload_text(payload, "users_digest", limit=64)
    hub_learn_push_change(token, payload)
    hub_ack(token, payload)
    token.refresh_from_db()
    check_live(token)  # revoked while the request was being read
    return hub_page(token, after=after, limit=limit, digest=digest)


def hub_page(token: NodeToken, *, after: int, limit: int | None, digest: str) -> dict[str, Any]:
    """Hub changes for the node after `after` (at most `limit`), with the people they need.
    The node's own changes are left out, but for those it lost in a restore
    (hub_restart_node_log)."""
    own = Q(node_id=token.node_id or "-")
    if token.return_own_until is not None:
        own &= Q(seq__gt=token.return_own_until)
    queryset = (
        ChangeLog.objects.filter(seq__gt=after)
        .filter(pull_filter(token.region_code))
        .exclude(own)
        .order_by("seq")
        .values(*LOG_FIELDS)
    )
    rows = list(queryset[: limit + 1] if limit else queryset)
    more = bool(limit) and len(rows) > (limit or 0)
    entries = [wire_entry(r) for r in (rows[:limit] if limit else rows)]
    users, users_digest, full = hub_people_for(token, entries, digest=digest)
    return {
        "entries": entries,
        "users": users,
        "users_digest": users_digest,
        "users_full": full,
        "next_after": entries[-1]["seq"] if entries else after,
        "more": more,
        "acked": token.push_cursor,
        "acked_change_id": token.push_change_id,
    }


# --- the node's side -------------------------------------------------------------------------


class Transport(Protocol):
    def call(self, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]: ...


def hub_link() -> HubLink | None:
    return HubLink.objects.order_by("pk").first()


def _node_unseen(link: HubLink) -> Unseen:
    node = local_node_id()

    def unseen(row: LogRow) -> bool:
        # Only this node's own changes that the hub has not acknowledged can be unknown to it.
        return row.node_id == node and row.seq > link.push_cursor

    return unseen


def check_protocol(hello: dict[str, Any]) -> None:
    """Refuse a hub whose `hello` announces another protocol: at every sync, and before a link
    is stored, so that a laptop is never linked to a hub it cannot sync with."""
    if hello.get("protocol") != PROTOCOL_VERSION:
        raise SyncRefused(
            _("The hub speaks sync protocol %(hub)s; this computer speaks %(node)s.")
            % {"hub": str(hello.get("protocol"))[:20], "node": PROTOCOL_VERSION},
            code=Code.VERSION,
        )


def _hello_text(hello: dict[str, Any], name: str) -> str:
    """A text the link cannot do without (the region the token serves, the hub's node id): a hub
    that leaves it out or sends something else is refused, and nothing is stored."""
    field = HubLink._meta.get_field(name)
    limit = field.max_length if isinstance(field, models.CharField) and field.max_length else 200
    value = payload_text(hello, name, limit=limit)
    if not value:
        raise SyncRefused(
            _("“%(name)s” must be a text of at most %(limit)d characters.")
            % {"name": name, "limit": limit}
        )
    return value


@transaction.atomic
def node_link(*, hub_url: str, token: str, hello: dict[str, Any]) -> HubLink:
    """Record that this install is a node of the hub (node_init after a successful hello).
    A hub of another protocol is refused before anything is stored."""
    check_protocol(hello)
    region_code, hub_node_id = _hello_text(hello, "region_code"), _hello_text(hello, "hub_node_id")
    link = hub_link() or HubLink()
    link.hub_url = hub_url.rstrip("/") + "/"
    link.token = token
    link.region_code = region_code
    link.hub_node_id = hub_node_id
    link.push_cursor = payload_int(hello, "push_cursor")
    link.pull_cursor = max(link.pull_cursor if link.pk else 0, payload_int(hello, "pull_cursor"))
    link.save()
    return link


def outgoing(link: HubLink, *, after: int, limit: int | None) -> list[WireEntry]:
    """This node's own changes after `after`, in order, as they travel. Regions are loaded on
    every install from the same file, so the ones logged here are never sent."""
    queryset = (
        ChangeLog.objects.filter(seq__gt=after, node_id=local_node_id())
        .exclude(model_label=REGION_MODEL)
        .order_by("seq")
        .values(*LOG_FIELDS)
    )
    rows = queryset[:limit] if limit else queryset
    return [wire_entry(r) for r in rows]


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    pulled_reference: int = 0  # of `pulled`, regions, agencies and roles (ApplyResult.reference)
    refused: int = 0
    conflicts: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    hub_rewound: bool = False  # the hub was restored from a backup since the last sync
    node_restored: bool = False  # this node was restored from a backup since the last sync


def _record_rejections(refused: list[dict[str, str]]) -> None:
    for item in refused:
        Rejection.objects.update_or_create(
            change_id=item["change_id"], defaults={"reason": item["reason"]}
        )


def _take_push_answer(link: HubLink, answer: dict[str, Any], *, top: int) -> None:
    """Take the hub's answer to a batch that went up to `top` (this node's seq; its `after`
    when it held no change). The hub holds at least the batch once it took it (hub_take_batch),
    so an acknowledgement behind `top` is refused: taken, it would send the same batch again
    and again for ever. One past `top` is taken at `top`: the hub acknowledges only what it was
    sent, so no answer moves the cursor past this node's unsent changes (a hub truly ahead,
    having taken a bundle meanwhile, skips the resent changes by id)."""
    acked = payload_int(answer, "acked")
    if acked < top:
        raise SyncRefused(
            _(
                "The hub did not acknowledge the changes it was sent: it answered %(acked)s, "
                "the batch went up to %(top)s."
            )
            % {"acked": acked, "top": top}
        )
    _record_rejections(payload_list(answer, "refused"))
    link.push_cursor = top
    link.profiles_acked = max(link.profiles_acked, payload_text(answer, "people_acked", limit=80))
    link.save(update_fields=["push_cursor", "profiles_acked"])


# How many times one sync resumes its push from where the hub says its cursor stands: once
# is the usual case (the hub's cursor went back between hello and push); a hub that keeps
# asking is refused rather than followed in circles.
MAX_RESUMES = 3


def _resume_place(refusal: SyncRefused, *, after: int, restart: bool) -> int | None:
    """Where to push again from when the hub refused a batch as leaving a gap (409 with the
    place it expects), or None when the refusal is not that. The hub can only take this node
    back inside its own log, behind the batch it refused (a gap means the hub's cursor is
    behind `after`); a place at or past `after` is not a gap and is refused, not followed."""
    if refusal.status != 409 or "expected_after" not in refusal.data:
        return None
    if restart:
        return 0  # restarting, only place 0 is sure to be agreed (this log lost the hub's place)
    expected = payload_int(refusal.data, "expected_after")
    return expected if expected < after else None


def node_push(link: HubLink, transport: Transport, report: SyncReport) -> None:
    people = node_profiles(link)
    # Restored from a backup: the first batch (even an empty one) tells the hub to take its
    # cursor back to where this push starts (_take_hello chose a place both agree on).
    restart = report.node_restored
    resumes = 0
    while True:
        entries = outgoing(link, after=link.push_cursor, limit=BATCH_SIZE)
        if not entries and not people and not restart:
            return
        payload: dict[str, Any] = {
            "node_id": local_node_id(),
            "after": link.push_cursor,
            "entries": entries,
            "people": people,
        }
        if restart:
            payload["restart"] = True
            payload["after_change_id"] = own_change_at(link.push_cursor)
        try:
            answer = transport.call("push", payload)
        except SyncRefused as refusal:
            resume = _resume_place(refusal, after=link.push_cursor, restart=restart)
            if resume is None or resumes >= MAX_RESUMES:
                raise
            resumes += 1
            link.push_cursor = resume
            link.save(update_fields=["push_cursor"])
            continue
        top = entries[-1]["seq"] if entries else link.push_cursor
        with transaction.atomic():
            _take_push_answer(link, answer, top=top)
        people = []
        restart = False
        report.pushed += payload_int(answer, "applied")
        report.refused += len(payload_list(answer, "refused"))


def _move_pull_cursor(link: HubLink, entries: list[Any], next_after: int) -> None:
    """The pull cursor goes to the last hub change applied, which is remembered with it: the
    hub checks at the next hello that its log still holds that change there."""
    if next_after <= link.pull_cursor:
        return
    last = entries[-1] if entries and isinstance(entries[-1], dict) else {}
    link.pull_cursor = next_after
    link.pull_change_id = (
        str(last.get("change_id", ""))[:40] if last.get("seq") == next_after else ""
    )


def node_apply_page(link: HubLink, page: dict[str, Any], *, source: str) -> ApplyResult:
    """Apply one page (or bundle) from the hub and move the pull cursor, in one transaction."""
    entries = payload_list(page, "entries")
    node = local_node_id()
    # This node's own changes coming back after a restore were seen by the hub, whatever seq
    # they take here: a later hub change of the same page is no conflict with them.
    returned = {
        str(e.get("change_id")) for e in entries if isinstance(e, dict) and e.get("node_id") == node
    }
    unseen = _node_unseen(link)
    with transaction.atomic():
        history.lock_writers()
        node_take_people(payload_list(page, "users"), full=bool(page.get("users_full")))
        result = apply_entries(
            entries,
            unseen=lambda row: unseen(row) and str(row.change_id) not in returned,
            source_node=source,
            region_code=link.region_code,
        )
        _move_pull_cursor(link, entries, payload_int(page, "next_after"))
        if page.get("users_digest"):
            link.users_digest = payload_text(page, "users_digest", limit=64)
        acked = payload_int(page, "acked")
        named = payload_text(page, "acked_change_id", limit=40)
        if acked > link.push_cursor and named and node_holds(acked, named):
            # Otherwise the hub counts changes this node lost in a restore: it finds out from
            # the next push or bundle, and its acknowledgement is taken then. One naming no
            # change is not followed forward (_take_hello says why).
            link.push_cursor = max(link.push_cursor, acked)
        link.save(update_fields=["pull_cursor", "pull_change_id", "users_digest", "push_cursor"])
    return result


def node_pull(
    link: HubLink, transport: Transport, report: SyncReport, *, name_push_change: bool = False
) -> None:
    """Pull every page. `name_push_change`: the hub's hello named no change at its push cursor
    (a token set before cursors did), so the first pull names this node's own change there
    (hub_learn_push_change)."""
    while True:
        payload: dict[str, Any] = {
            "node_id": local_node_id(),
            "after": link.pull_cursor,
            "limit": BATCH_SIZE,
            "users_digest": link.users_digest,
        }
        if name_push_change and link.push_cursor:
            payload["push_cursor"] = link.push_cursor
            payload["push_change_id"] = own_change_at(link.push_cursor)
            name_push_change = False
        page = transport.call("pull", payload)
        after = link.pull_cursor
        result = node_apply_page(link, page, source=link.hub_node_id)
        report.pulled += result.applied
        report.pulled_reference += result.reference
        report.conflicts += result.conflicts
        if page.get("more") and link.pull_cursor <= after:
            # A page that says more follows always moves the cursor (it is full); asking again
            # from the same place would get the same page for ever.
            raise SyncRefused(
                _("The hub announced more changes after %(after)s but sent none past it.")
                % {"after": after}
            )
        if not page.get("more"):
            if page.get("entries"):
                # Tell the hub how far we got, so its pending count and conflict checks are exact.
                transport.call("ack", {"node_id": local_node_id(), "after": link.pull_cursor})
            return


def _take_hello(link: HubLink, hello: dict[str, Any], report: SyncReport) -> bool:
    """Take the hub's hello; whether it names no change at a push cursor it holds (a token set
    before cursors did: the first pull names this node's own there, hub_learn_push_change)."""
    check_protocol(hello)
    # The hub is the judge of what it holds: restored from a backup, it has lost what this node
    # sent after the backup (sent again) and what it wrote then (pulled again from its cursor).
    changed = []
    pushed = payload_int(hello, "push_cursor")
    named = payload_text(hello, "push_change_id", limit=40)
    # Equal cursors need no look-up: the hub acknowledged that place of this very log (a
    # restore that lost the change there would have put this node's cursor behind the hub's).
    if pushed == link.push_cursor:
        target = pushed
    elif not named:
        # A hub naming no change (a token set before cursors named theirs, or a forged answer)
        # is followed back, never forward: a bare number ahead could skip this node's unsent
        # changes, and pushing from this node's own place costs a resend, skipped by id.
        target = min(pushed, link.push_cursor)
    elif node_holds(pushed, named):
        target = pushed  # the hub's word: further after a lost answer, behind after its restore
    else:
        # Restored from a backup: the hub's cursor stands on a change this log lost, and the
        # places after the backup hold new changes. Push again from where the backup said the
        # hub stood (the hub held that then); at worst from the start.
        report.node_restored = True
        target = link.push_cursor if link.push_cursor < pushed else 0
    if target != link.push_cursor:
        link.push_cursor = target
        changed.append("push_cursor")
    if hello.get("log_rewound"):
        report.hub_rewound = True
        link.pull_cursor = min(link.pull_cursor, payload_int(hello, "pull_cursor"))
        link.pull_change_id = ""
        changed += ["pull_cursor", "pull_change_id"]
    if changed:  # most syncs: nothing to write
        link.save(update_fields=changed)
    if isinstance(hello.get("open_refusals"), list):
        # A refusal the hub no longer holds was retried there successfully.
        Rejection.objects.exclude(change_id__in=hello["open_refusals"]).delete()
    return bool(pushed) and not named


def node_sync(transport: Transport) -> SyncReport:
    """Push this node's changes, then pull the hub's (the `sync` command and the button)."""
    link = hub_link()
    if link is None:
        raise SyncRefused(str(NOT_LINKED_MESSAGE), code=Code.NOT_LINKED)
    report = SyncReport()
    link.last_attempt_at = timezone.now()
    link.save(update_fields=["last_attempt_at"])
    try:
        hello = {
            "node_id": local_node_id(),
            "pull_cursor": link.pull_cursor,
            "pull_change_id": link.pull_change_id,
        }
        unnamed = _take_hello(link, transport.call("hello", hello), report)
        node_push(link, transport, report)
        node_pull(link, transport, report, name_push_change=unnamed)
    except (SyncRefused, SyncUnavailable) as error:
        # Its kind, so that the page says what to do in the reader's language; its text, for
        # the person who looks after Rembuk (rembuk.sync.problems).
        problem = problem_of(error)
        link.last_problem, link.last_error = problem.kind, problem.detail
        link.save(update_fields=["last_problem", "last_error"])
        raise
    link.last_success_at = timezone.now()
    link.last_problem, link.last_error = "", ""
    link.save(update_fields=["last_success_at", "last_problem", "last_error"])
    return report


# --- conflicts and quarantine ------------------------------------------------------------------


@transaction.atomic
def conflict_resolve(*, conflict: Conflict, keep: str, actor: Any) -> Conflict:
    """Close a conflict. `keep="losing"` writes the kept value back as a normal edit."""
    if conflict.status == Conflict.Status.RESOLVED:
        return conflict
    if keep == "losing" and conflict.kind == Conflict.Kind.FIELD:
        model = apps.get_model(conflict.model_label)
        target = model.objects.filter(pk=conflict.object_id).first()
        if target is None:
            raise ValidationError(_("The record was deleted; the value cannot be restored."))
        f = next(
            (f for f in history.content_fields(model) if f.attname == conflict.field_name), None
        )
        if f is None or model._meta.label_lower in REFERENCE_MODELS:
            raise ValidationError(_("This value cannot be restored here."))
        restored = history.update(
            target, actor=actor, **{f.attname: f.to_python(conflict.losing_value)}
        )
        # The restore is the person's own edit: it may not take the record out of their reach
        # (a conflict's value may come from a node; rolled back with the transaction).
        if actor is not None and not can_resolve_conflict_in(actor, restored.scope_code()):
            raise ValidationError(_("This value cannot be restored here."))
        resolution = _("The kept value was restored.")
    elif keep == "winning":
        resolution = _("The current value was confirmed.")
    else:
        raise ValidationError(_("Choose which value to keep."))
    return history.update(
        conflict, actor=actor, status=Conflict.Status.RESOLVED, resolution=resolution
    )


def sender_token(node_id: str) -> NodeToken | None:
    return (
        NodeToken.objects.filter(node_id=node_id)
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at")
        .first()
    )


@transaction.atomic
def quarantine_retry(*, quarantine: Quarantine, actor: Any) -> str:
    """Apply a quarantined change again, once an administrator fixed its cause. On a hub it is
    judged again exactly like a push from its node. Returns "" when it was applied, else why
    not (the quarantine keeps the new reason)."""
    if quarantine.released_at:
        return ""
    if "person" in quarantine.entry:
        return _("A person's account is changed on the hub, not taken from a node.")
    history.lock_writers()
    link = hub_link()
    judge = None
    unseen: Unseen = lambda row: True  # noqa: E731 - the administrator has seen both sides
    if link is None or quarantine.source_node != link.hub_node_id:
        token = sender_token(quarantine.source_node)
        if token is None or token.revoked_at is not None:
            return _("The node that sent it has no valid token any more.")
        judge, unseen = HubJudge(token), _hub_unseen(token)
    result = apply_entries(
        [quarantine.entry],
        unseen=unseen,
        source_node=quarantine.source_node,
        region_code=quarantine.region_code,
        judge=judge,
        retry=True,
    )
    if result.applied or result.already_here:
        quarantine.released_at = timezone.now()
        quarantine.save(update_fields=["released_at"])
        return ""
    quarantine.refresh_from_db()
    return quarantine.reason
