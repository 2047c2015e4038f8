"""The import of a plan file, as the web form and the import_plan command do it: check the desa,
the period and the file, validate every row, then write through plans.services.plan_import —
or refuse with every problem found (PlanImportError), writing nothing."""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rembuk.plans import services
from rembuk.plans.contents import ImportResult
from rembuk.plans.models import LivelihoodPlan
from rembuk.plans.spreadsheet.columns import parse_period
from rembuk.plans.spreadsheet.reading import read_plan_workbook
from rembuk.plans.spreadsheet.rows import ImportIssue, PlanImportError
from rembuk.regions.models import Region


def desa_for_code(code: str) -> Region:
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise ValidationError(
            _("No desa has the code %(code)s. Check the Kemendagri code.") % {"code": code}
        )
    if region.level != Region.Level.DESA:
        raise ValidationError(
            _("%(name)s (%(code)s) is a %(level)s, not a desa.")
            % {"name": region.name, "code": region.code, "level": region.get_level_display()}
        )
    return region


def _overlap_message(desa: Region, plan: LivelihoodPlan) -> str:
    return _(
        "Desa %(desa)s already has a plan for %(period)s, which overlaps this period. "
        "Edit that plan, or choose another period."
    ) % {"desa": desa.name, "period": plan.period_label}


def import_plan_file(
    *,
    stream: IO[bytes],
    size: int,
    desa_code: str,
    period: str,
    actor: Any,
) -> ImportResult:
    """Everything the web form and the command do: check, parse, validate, write — or refuse.

    Raises PlanImportError with every problem found; nothing is written then.
    """
    limit = settings.REMBUK_MAX_UPLOAD_BYTES
    if size > limit:
        raise PlanImportError(
            [
                ImportIssue(
                    _("The file is %(size)s MB; at most %(limit)s MB can be imported.")
                    % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
                )
            ]
        )
    issues: list[ImportIssue] = []
    desa: Region | None = None
    period_start = period_end = 0
    try:
        desa = desa_for_code(desa_code)
    except ValidationError as error:
        issues.extend(ImportIssue(message) for message in error.messages)
    try:
        period_start, period_end = parse_period(period)
    except ValidationError as error:
        issues.extend(ImportIssue(message) for message in error.messages)
    if desa is not None and period_start:
        existing = services.overlapping_plan(
            desa=desa, period_start=period_start, period_end=period_end
        )
        if existing is not None:
            issues.append(ImportIssue(_overlap_message(desa, existing)))
    try:
        goals = read_plan_workbook(stream)
    except PlanImportError as error:
        issues.extend(error.issues)
        goals = []
    if issues or desa is None:
        raise PlanImportError(issues)
    try:
        return services.plan_import(
            desa=desa, period_start=period_start, period_end=period_end, goals=goals, actor=actor
        )
    except ValidationError as error:
        raise PlanImportError([ImportIssue(message) for message in error.messages]) from error
