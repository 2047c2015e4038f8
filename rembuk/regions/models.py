"""Regions with official Kemendagri codes (provinsi > kabupaten > kecamatan > desa)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.regions import codes

# Every node derives the same id from the same code, so regions never clash across nodes.
REGION_NAMESPACE = uuid.UUID("6f1c2a4e-59a1-4c5e-9b0e-2d6b0f0c5a11")


def region_id_for(code: str) -> uuid.UUID:
    return uuid.uuid5(REGION_NAMESPACE, code)


class Region(ReplicatedModel):
    class Level(models.TextChoices):
        # Terms of art: they stay Indonesian in the English interface too (docs/glossary.md).
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def scope_code(self) -> str:
        return self.code

    @property
    def is_kelurahan(self) -> bool:
        return self.level == self.Level.DESA and codes.is_kelurahan(self.code)

    def ancestor_codes(self) -> list[str]:
        """`53.18.11.2006` → [`53`, `53.18`, `53.18.11`]."""
        return codes.ancestors(self.code)

    def kabupaten_code(self) -> str:
        return codes.kabupaten_of(self.code)
