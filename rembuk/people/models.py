"""People, agencies (OPD) and memberships: a role granted over a region and everything below."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.regions.models import Region


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The clock the person's times are shown on, when they chose one (regions.time_zones.CHOOSABLE);
    # empty: their roles' zone, else the hub's (LocalTimeMiddleware, docs/decisions/0033).
    time_zone = models.CharField(_("time zone"), max_length=40, blank=True, default="")
    # Set when someone else chose the password (an invitation); cleared when the person sets theirs.
    must_change_password = models.BooleanField(default=False)
    # Clock reading of the last change of password or name, wherever it was made: between a hub
    # and a node, the later one wins (rembuk.sync.people, docs/decisions/0011).
    profile_hlc = models.CharField(max_length=80, blank=True, editable=False)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    TIM_DESA = "tim_desa", _("Village team")
    FASILITATOR_DESA = "fasilitator_desa", _("Village facilitator")
    KECAMATAN = "kecamatan", _("Sub-district staff")
    FASILITATOR_KABUPATEN = "fasilitator_kabupaten", _("District facilitator")
    TIM_KABUPATEN = "tim_kabupaten", _("District team")
    OPD = "opd", _("Agency staff (OPD)")
    TIM_PROGRAM = "tim_program", _("Programme team")


# The region level each role is normally granted at (a grant may also be wider).
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.TIM_DESA: (Region.Level.DESA,),
    Role.FASILITATOR_DESA: (Region.Level.DESA,),
    Role.KECAMATAN: (Region.Level.KECAMATAN,),
    Role.FASILITATOR_KABUPATEN: (Region.Level.KABUPATEN,),
    Role.TIM_KABUPATEN: (Region.Level.KABUPATEN,),
    Role.OPD: (Region.Level.KABUPATEN,),
    Role.TIM_PROGRAM: (Region.Level.PROVINSI, Region.Level.KABUPATEN),
}


def agency_choice_list(
    agencies: Iterable[tuple[uuid.UUID, str, str]],
) -> list[tuple[uuid.UUID, str, str]]:
    """(id, short name, name) of agencies as a list to choose one from shows them ({% options
    %}): by short name, the option's text, which a closed <select> on a phone shows whole (a
    full name, "Dinas Perindustrian, Perdagangan, Koperasi dan UKM", was cut after a few
    words); the full name is the option's title (docs/decisions/0016, round 14)."""
    return sorted(agencies, key=lambda agency: (agency[1].casefold(), agency[2]))


class Agency(ReplicatedModel):
    """An OPD of one kabupaten: DPMD, Bappeda, Dinas Pertanian…"""

    kabupaten = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("kabupaten")
    )
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=40)

    class Meta:
        verbose_name = _("agency (OPD)")
        verbose_name_plural = _("agencies (OPD)")
        ordering = ["kabupaten__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kabupaten", "short_name"], name="agency_unique_per_kabupaten"
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    def scope_code(self) -> str:
        return self.kabupaten.code


class Membership(ReplicatedModel):
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("region")
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("agency (OPD)"),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["region__code", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"

    def scope_code(self) -> str:
        return self.region.code


class AccessToken(models.Model):
    """A personal access token for the API (rembuk.api), made by its person on their account
    page. It acts as that person with their memberships of the moment: a role revoked is a
    role the token no longer has. Only a hash is stored; the token is shown once. Local to
    the node that issued it (not replicated), like a password reset."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, so a person recognises it in the list.
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Requests in the current throttling window (rembuk.api.throttling), kept on the row so
    # every server process counts against the same limit.
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    def is_active_at(self, when: datetime.datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > when)
