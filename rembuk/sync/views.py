"""The Sinkronisasi page: a node's sync state and buttons, a hub's node tokens and quarantine
(each administrator sees those of their own regions; any other is a 404), and the conflicts to
review. Thin views over rembuk.sync's services and selectors."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rembuk.core.addresses import site_address
from rembuk.core.forms import error_text
from rembuk.core.htmx import template_for
from rembuk.core.permissions import rule
from rembuk.sync import bundles, problems, selectors, services, tokens
from rembuk.sync.client import sync_with_hub
from rembuk.sync.forms import BundleUploadForm, ResolveForm, TokenForm
from rembuk.sync.permissions import can_administer_sync, can_resolve_conflict_in, can_use_sync

PAGE = "sync/sync_page.html"
# A sync that starts records its problem on the link; these two never start one.
RECORDED = set(problems.Kind) - {problems.Kind.BUSY, problems.Kind.NOT_LINKED}


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    link = services.hub_link()
    admin = can_administer_sync(request.user)
    return {
        "link": link,
        "problem": problems.recorded_problem(link),
        "waiting": selectors.waiting_count(link) if link else 0,
        "records": selectors.record_states(request.user, link) if link else [],
        "conflicts": list(selectors.open_conflicts(request.user)[:100]),
        "is_admin": admin,
        "tokens": selectors.tokens_overview(request.user) if admin else [],
        "quarantine": list(selectors.quarantine_for(request.user)[:100]) if admin else [],
        "token_form": TokenForm(),
        "upload_form": BundleUploadForm(),
        **extra,
    }


def _tell_reference_data(request: HttpRequest, count: int) -> None:
    """Say how many of the changes taken were the regions, agencies and roles the hub shares:
    a laptop's first bundle brings its kabupaten's regions, nearly two hundred of them."""
    if count:
        messages.info(
            request,
            ngettext(
                "Of these, %(count)d is a region, agency or role that the hub shares.",
                "Of these, %(count)d are regions, agencies and roles that the hub shares.",
                count,
            )
            % {"count": count},
        )


@rule(can_use_sync)
def sync_page(request: HttpRequest) -> HttpResponse:
    return render(request, template_for(request, PAGE, "state"), _context(request))


@rule(can_use_sync)
@require_POST
def sync_now(request: HttpRequest) -> HttpResponse:
    try:
        report = sync_with_hub()
    except (services.SyncRefused, services.SyncUnavailable) as error:
        problem = problems.problem_of(error)
        if problem.kind in RECORDED:
            # The page's "Last problem" box says what happened and what to do.
            messages.error(request, _("The sync did not finish."))
        else:
            messages.error(request, f"{problem.headline} {problem.advice}")
    else:
        messages.success(
            request,
            _("Sync finished: %(sent)d sent, %(received)d received.")
            % {"sent": report.pushed, "received": report.pulled},
        )
        _tell_reference_data(request, report.pulled_reference)
        if report.hub_rewound:
            messages.info(request, services.HUB_REWOUND_MESSAGE)
        if report.node_restored:
            messages.info(request, services.NODE_RESTORED_MESSAGE)
    return redirect("sync:page")


@rule(can_use_sync)
@require_POST
def bundle_download(request: HttpRequest) -> HttpResponse:
    try:
        data = bundles.bundle_export_from_node()
    except services.SyncRefused as error:
        messages.error(request, error.reason)
        return redirect("sync:page")
    return _bundle_response(data, "node")


def _bundle_response(data: bytes, who: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/octet-stream")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="rembuk-{who}-{stamp}.rembuk"'
    return response


@rule(can_use_sync)
@require_POST
def bundle_upload(request: HttpRequest) -> HttpResponse:
    form = BundleUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a bundle file to import."))
        return redirect("sync:page")
    upload = form.cleaned_data["bundle"]
    if upload.size > settings.REMBUK_MAX_UPLOAD_BYTES:
        messages.error(request, _("The file is too large to be a sync bundle."))
        return redirect("sync:page")
    try:
        result = bundles.bundle_import(upload.read())
    except services.SyncRefused as error:
        messages.error(request, _("The bundle was refused: %(reason)s") % {"reason": error.reason})
    else:
        messages.success(
            request,
            _("Bundle imported: %(applied)d applied, %(here)d already here, %(refused)d refused.")
            % {"applied": result.applied, "here": result.already_here, "refused": result.refused},
        )
        _tell_reference_data(request, result.reference)
        if result.node_restored:
            messages.info(request, bundles.restored_message(result))
    return redirect("sync:page")


@rule(can_administer_sync)
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    new_token = None
    if form.is_valid():
        try:
            _token, new_token = tokens.token_issue(
                region_code=form.cleaned_data["region_code"].strip(),
                label=form.cleaned_data["label"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("region_code", error)
    # The plain token is shown in this response only; it is never stored or shown again.
    return render(
        request,
        PAGE,
        _context(request, token_form=form, new_token=new_token, hub_address=site_address(request)),
    )


@rule(can_administer_sync)
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    tokens.token_revoke(token=selectors.token_for(request.user, pk), actor=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("sync:page")


@rule(can_administer_sync)
@require_POST
def token_revoke_lost(request: HttpRequest, pk: int) -> HttpResponse:
    """The laptop was lost or stolen: revoke its token and replace the passwords it held. The
    new temporary passwords are shown in this response only."""
    token = selectors.token_for(request.user, pk)
    try:
        new_passwords = tokens.token_revoke_lost(token=token, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("sync:page")
    return render(
        request,
        "sync/lost_laptop.html",
        {
            "token": token,
            "new_passwords": new_passwords,
            "login_url": request.build_absolute_uri("/"),
        },
    )


@rule(can_administer_sync)
@require_POST
def token_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_for(request.user, pk, active=True)
    try:
        data = bundles.bundle_export_for_node(token)
    except services.SyncRefused as error:
        messages.error(request, error.reason)
        return redirect("sync:page")
    return _bundle_response(data, f"hub-{token.node_id}")


@rule(can_administer_sync)
@require_POST
def quarantine_retry(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.quarantine_item_for(request.user, pk)
    reason = services.quarantine_retry(quarantine=item, actor=request.user)
    if reason:
        messages.error(
            request, _("The change still cannot be applied: %(reason)s") % {"reason": reason}
        )
    else:
        messages.success(request, _("The change was applied."))
    return redirect("sync:page")


@rule(can_use_sync)
@require_POST
def conflict_resolve(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    conflict = selectors.conflict_for(request.user, pk)
    if not can_resolve_conflict_in(request.user, conflict.scope):
        raise PermissionDenied
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_resolve(
                conflict=conflict, keep=form.cleaned_data["keep"], actor=request.user
            )
            messages.success(request, _("The conflict was resolved."))
        except ValidationError as error:
            messages.error(request, error_text(error))
    return redirect("sync:page")
