"""What a failed sync means for the person at the laptop (docs/decisions/0005, "Problems told
in words").

Owns one rule: a sync failure becomes one of a small fixed set of kinds, decided from what the
node knows for sure — the exception's class, the HTTP status and the machine-readable `code` of
a refusal — never from its text, which is translated and, coming from the hub, untrusted. The
node stores the kind and the technical detail (HubLink.last_problem, last_error); the sentence
is rendered when someone reads it, in their language.

A code the node does not know (a newer hub, or a forged answer) is the generic "refused" kind:
it can only pick one of the sentences below, never add one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rembuk.sync.wire import SyncRefused, SyncUnavailable


class Kind(models.TextChoices):
    UNREACHABLE = "unreachable", _("cannot reach the hub")
    HUB_FAILING = "hub_failing", _("the hub has a problem")
    TOKEN_WITHDRAWN = "token_withdrawn", _("link withdrawn")
    HUB_MOVED = "hub_moved", _("the hub moved")
    VERSION = "version", _("incompatible versions")
    REFUSED = "refused", _("data refused")
    BUSY = "busy", _("a sync is already running")
    NOT_LINKED = "not_linked", _("not linked")


class Code:
    """The machine-readable codes of refusals: the hub answers them in `code` (the token's),
    this node raises the others itself (SyncRefused.code, SyncUnavailable.code)."""

    TOKEN_UNKNOWN = "token_unknown"  # noqa: S105 - a code, not a secret
    TOKEN_REVOKED = "token_revoked"  # noqa: S105 - a code, not a secret
    TOKEN_OTHER_NODE = "token_other_node"  # noqa: S105 - a code, not a secret
    VERSION = "version"
    BUSY = "busy"
    NOT_LINKED = "not_linked"
    HUB_MOVED = "hub_moved"


_KIND_OF_CODE = {
    Code.TOKEN_UNKNOWN: Kind.TOKEN_WITHDRAWN,
    Code.TOKEN_REVOKED: Kind.TOKEN_WITHDRAWN,
    Code.TOKEN_OTHER_NODE: Kind.TOKEN_WITHDRAWN,
    Code.VERSION: Kind.VERSION,
    Code.BUSY: Kind.BUSY,
    Code.NOT_LINKED: Kind.NOT_LINKED,
}

# What happened, for kecamatan staff.
_HEADLINES: dict[str, Promise] = {
    Kind.UNREACHABLE: _("This computer could not reach the kabupaten's hub."),
    Kind.HUB_FAILING: _("The kabupaten's hub has a problem and could not finish the sync."),
    Kind.TOKEN_WITHDRAWN: _("The kabupaten's hub no longer accepts this computer's link."),
    Kind.HUB_MOVED: _("The kabupaten's hub has moved to a new address."),
    Kind.VERSION: _("The hub and this computer run versions of Rembuk that cannot sync."),
    Kind.REFUSED: _("The hub and this computer could not agree on the data they exchanged."),
    Kind.BUSY: _("A sync was already running on this computer."),
    Kind.NOT_LINKED: _("This computer is not linked to the kabupaten's hub yet."),
}

# What to do about it.
_ADVICE: dict[str, Promise] = {
    Kind.UNREACHABLE: _(
        "Check that this computer is connected to the internet, then try again later. With no "
        "internet for a while, send the hub a bundle instead (a file, by USB stick or WhatsApp)."
    ),
    Kind.HUB_FAILING: _(
        "The fault is on the kabupaten's server, not on this computer. Try again later; if it "
        "lasts, tell the person who looks after Rembuk at the kabupaten."
    ),
    Kind.TOKEN_WITHDRAWN: _(
        "This computer's link to the hub (its node token) was withdrawn or belongs to another "
        "computer. Ask the programme team at the kabupaten for a new node token."
    ),
    Kind.HUB_MOVED: _(
        "Ask the programme team at the kabupaten to link this computer to the new address."
    ),
    Kind.VERSION: _(
        "Rembuk on this computer or on the hub must be upgraded. Tell the person who looks "
        "after Rembuk."
    ),
    Kind.REFUSED: _(
        "This is a fault in Rembuk, or someone tampered with the connection. Tell the person "
        "who looks after Rembuk and show them the technical detail."
    ),
    Kind.BUSY: _("Wait a minute and look again: the other sync finishes by itself."),
    Kind.NOT_LINKED: _(
        "Ask the programme team at the kabupaten to link it: they give the hub's address and a "
        "node token for this kecamatan."
    ),
}

NOTHING_LOST = _(
    "Nothing was lost: the changes made on this computer stay here and go with the next sync "
    "that succeeds."
)


@dataclass(frozen=True)
class SyncProblem:
    kind: Kind
    detail: str  # the technical text, for the person who looks after Rembuk

    @property
    def headline(self) -> str:
        return str(_HEADLINES[self.kind])

    @property
    def advice(self) -> str:
        return str(_ADVICE[self.kind])

    @property
    def nothing_lost(self) -> str:
        return str(NOTHING_LOST)

    def sentence(self) -> str:
        """What happened, that nothing is lost, and what to do: one paragraph."""
        return f"{self.headline} {self.nothing_lost} {self.advice}"


def not_linked_message() -> Promise:
    """What an unlinked computer tells whoever presses a sync button, in their language."""
    return format_lazy("{} {}", _HEADLINES[Kind.NOT_LINKED], _ADVICE[Kind.NOT_LINKED])


def kind_of(error: Exception) -> Kind:
    """The kind of a sync failure, from its class, its code and its HTTP status."""
    code = getattr(error, "code", "")
    if isinstance(error, SyncUnavailable):
        return Kind.HUB_MOVED if code == Code.HUB_MOVED else Kind.UNREACHABLE
    if isinstance(error, SyncRefused):
        if code:
            return _KIND_OF_CODE.get(code, Kind.REFUSED)
        if error.status >= 500:
            return Kind.HUB_FAILING
    return Kind.REFUSED


def problem_of(error: Exception) -> SyncProblem:
    """The problem of a failed sync. Its detail says who refused: the hub, with the HTTP status
    it answered, or this computer (a hub's answer it could not take, a lock, no link)."""
    code = getattr(error, "code", "")
    detail = str(error)[:1900]  # what follows says who refused, so it is never cut off
    if isinstance(error, SyncRefused):
        if error.by_hub:
            by = gettext("[HTTP %(status)s from the hub]") % {"status": error.status}
        else:
            by = gettext("[refused by this computer]")
        detail = f"{detail} {by}"
    if code:
        detail = f"{detail} [{code}]"
    return SyncProblem(kind_of(error), detail)


def told(error: Exception) -> str:
    """The problem in words (what happened, nothing lost, what to do), then its detail: what
    the `sync` and `node_init` commands print."""
    problem = problem_of(error)
    return gettext("%(sentence)s\nTechnical detail: %(detail)s") % {
        "sentence": problem.sentence(),
        "detail": problem.detail,
    }


def recorded_problem(link: Any) -> SyncProblem | None:
    """The problem of the node's last sync, or None when it succeeded. A detail stored before
    kinds were (no kind) reads as the generic "refused" kind; the next sync replaces it."""
    if link is None or not (link.last_problem or link.last_error):
        return None
    kind = Kind(link.last_problem) if link.last_problem in Kind.values else Kind.REFUSED
    return SyncProblem(kind, link.last_error)
