"""Writes to village monitoring records.

Rules owned here (for now only the date of the village's own session, seed 000 §3 steps 1–2):
- a VillageReview belongs to a desa (a Region of level desa);
- a session marked as held cannot lie in the future;
- the plan, when given, is a plan of the same desa.
Issue 4 adds per-activity progress.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.monitoring.models import VillageReview
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions.models import Region


@transaction.atomic
def village_review_record(
    *,
    desa: Region,
    date: datetime.date,
    status: str = VillageReview.Status.PLANNED,
    summary: str = "",
    plan: LivelihoodPlan | None = None,
    actor: Any,
) -> VillageReview:
    """Record the date of a village's monitoring and learning session (planned or held)."""
    if desa.level != Region.Level.DESA:
        raise ValidationError(_("A monitoring session belongs to a desa."), code="not_desa")
    if status not in VillageReview.Status.values:
        raise ValidationError(_("Choose whether the session is planned or held."), code="status")
    if status == VillageReview.Status.HELD and date > timezone.localdate():
        raise ValidationError(
            _("A session that was held cannot have a date in the future."), code="future"
        )
    if plan is not None and plan.desa_id != desa.id:
        raise ValidationError(_("This plan belongs to another desa."), code="plan")
    return history.create(
        VillageReview, actor=actor, desa=desa, date=date, status=status, summary=summary, plan=plan
    )
