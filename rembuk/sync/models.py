"""Sync between kecamatan nodes and a kabupaten hub (docs/decisions/0005).

On a node: one HubLink (where the hub is, the token, the two cursors) and Rejection rows for
its own changes the hub refused. On a hub: one NodeToken per node (hashed, scoped to a region,
revocable). On both: Quarantine for received changes that could not be applied (with the
reason, never deleted) and Conflict, the losing side of a concurrent edit, kept for review.
Conflict is itself replicated, so a conflict found on one side is seen on the other.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.sync.problems import Kind


class HubLink(models.Model):
    """This install is a node of the hub at `hub_url`. At most one row."""

    hub_url = models.URLField(max_length=300)
    token = models.CharField(max_length=100)  # the node must present it; kept on the laptop
    region_code = models.CharField(max_length=20)
    hub_node_id = models.CharField(max_length=40, blank=True)
    # Highest local seq the hub acknowledged (push) and highest hub seq applied here (pull).
    push_cursor = models.BigIntegerField(default=0)
    pull_cursor = models.BigIntegerField(default=0)
    # The hub change at pull_cursor: a hub restored from a backup no longer holds it there.
    pull_change_id = models.CharField(max_length=40, blank=True)
    users_digest = models.CharField(max_length=64, blank=True)
    # The latest password/name change made here that the hub has taken (a clock reading).
    profiles_acked = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    # The last sync's problem ("" when it succeeded): its kind, which the pages turn into a
    # sentence in the reader's language, and the technical detail (rembuk.sync.problems).
    last_problem = models.CharField(max_length=20, blank=True, choices=Kind.choices)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.hub_url} ({self.region_code})"


class NodeToken(models.Model):
    """A hub's credential for one node, scoped to one region. Only a hash is stored."""

    label = models.CharField(_("label"), max_length=120, blank=True)
    region_code = models.CharField(_("region"), max_length=20)
    token_hash = models.CharField(max_length=64, unique=True)
    # HMAC key for offline bundles, derived from the token; the token itself is not recoverable.
    signing_key = models.CharField(max_length=64)
    node_id = models.CharField(max_length=40, blank=True, db_index=True)  # bound on first use
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    push_cursor = models.BigIntegerField(default=0)  # the node's seq acknowledged here
    # The node's change at push_cursor: a node restored from a backup no longer holds it there.
    push_change_id = models.CharField(max_length=40, blank=True)
    pull_cursor = models.BigIntegerField(default=0)  # hub seq the node has applied
    # Set when the node was restored from a backup: its own changes this hub received up to
    # this place in the hub's log go back to it (it lost some of them); cleared once it has
    # pulled that far.
    return_own_until = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["region_code", "created_at"]

    def __str__(self) -> str:
        return f"{self.label or self.node_id or self.pk} ({self.region_code})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CredentialCopy(models.Model):
    """The hub sent this person's password hash to the node of this token: whose passwords to
    replace when the laptop is lost (docs/decisions/0011)."""

    token = models.ForeignKey(NodeToken, on_delete=models.CASCADE, related_name="credentials")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "user"], name="one_credential_copy_per_node")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.token_id}"


class Quarantine(models.Model):
    """A received change that was refused or could not be applied here. Never deleted."""

    change_id = models.UUIDField(unique=True)
    entry = models.JSONField()
    code = models.CharField(max_length=30)
    reason = models.TextField()
    source_node = models.CharField(max_length=40, blank=True)
    # The sender's region (its token's on a hub): who may review and retry it.
    region_code = models.CharField(max_length=20, blank=True, db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.change_id} ({self.code})"


class Rejection(models.Model):
    """One of this node's own changes that the hub refused, with the hub's reason."""

    change_id = models.UUIDField(unique=True)
    reason = models.TextField()
    rejected_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.change_id)


class Conflict(ReplicatedModel):
    """The losing side of two concurrent edits, kept for a person to review."""

    class Kind(models.TextChoices):
        FIELD = "field", _("Same field edited in two places")
        DELETED = "deleted", _("Edited while deleted elsewhere")

    class Status(models.TextChoices):
        OPEN = "open", _("Needs review")
        RESOLVED = "resolved", _("Resolved")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    model_label = models.CharField(max_length=60)
    object_id = models.UUIDField(db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    field_name = models.CharField(max_length=60)
    winning_value = models.JSONField(null=True, blank=True)
    winning_hlc = models.CharField(max_length=80)
    losing_value = models.JSONField(null=True, blank=True)
    losing_hlc = models.CharField(max_length=80)
    losing_node = models.CharField(max_length=40)
    losing_actor_label = models.CharField(max_length=150, blank=True)
    scope = models.CharField(max_length=20)
    root_id = models.UUIDField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-losing_hlc"]

    def __str__(self) -> str:
        return f"{self.object_repr} · {self.field_name}"

    def scope_code(self) -> str:
        return self.scope

    def history_root_id(self) -> uuid.UUID:
        return self.root_id
