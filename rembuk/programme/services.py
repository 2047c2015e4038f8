"""Writes to the programme stages.

Rules owned here:
- one StageProgress row per desa and stage, whose id is derived from the desa code and the
  stage (stage_progress_id_for), so two nodes that set the same stage write the same record and
  sync merges their edits instead of keeping two;
- a stage cannot be done or in progress on a date in the future, and "not started" has no date.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.programme.models import Stage, StageProgress
from rembuk.regions.models import Region

# Fixed namespace: changing it would fork every stage row already made.
STAGE_NAMESPACE = uuid.UUID("3b0c7f52-8a43-4f0e-9d61-5c2f1a7e9b24")


def stage_progress_id_for(desa_code: str, stage: int) -> uuid.UUID:
    return uuid.uuid5(STAGE_NAMESPACE, f"{desa_code}:{stage}")


@transaction.atomic
def stage_progress_set(
    *,
    desa: Region,
    stage: int,
    status: str,
    date: datetime.date | None,
    done_by: str = "",
    note: str = "",
    actor: Any,
    base_version: int | None = None,
) -> StageProgress:
    """Record a stage of a desa by hand (it then wins over what Rembuk derives)."""
    if desa.level != Region.Level.DESA:
        raise ValidationError(_("Stages are recorded for a desa."), code="not_desa")
    if stage not in Stage.values:
        raise ValidationError(_("There is no stage %(stage)s.") % {"stage": stage}, code="stage")
    if status not in StageProgress.Status.values:
        raise ValidationError(_("Choose a status."), code="status")
    if status == StageProgress.Status.NOT_STARTED:
        date = None
    elif date is not None and date > timezone.localdate():
        raise ValidationError(
            {"date": _("The date is in the future. Give the date it started or was done.")},
            code="future",
        )
    fields = {
        "status": status,
        "date": date,
        "done_by": done_by.strip(),
        "note": note.strip(),
    }
    existing = StageProgress.all_objects.filter(pk=stage_progress_id_for(desa.code, stage)).first()
    if existing is None:
        return history.create(
            StageProgress,
            actor=actor,
            id=stage_progress_id_for(desa.code, stage),
            desa=desa,
            stage=stage,
            **fields,
        )
    if existing.is_deleted:
        raise ValidationError(_("This stage record was deleted."), code="deleted")
    return history.update(existing, actor=actor, base_version=base_version, **fields)
