"""A person's notifications: the list (newest first, unread marked), open one, mark all read,
and the email preference."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembuk.core.htmx import is_htmx
from rembuk.core.permissions import rule, signed_in
from rembuk.notifications import selectors, services


@rule(signed_in)
def notification_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.notifications_of(request.user), selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("halaman"))
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "by_email": selectors.wants_email(request.user)},
    )


@rule(signed_in)
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go to what it is about (POST: reading changes state)."""
    notification = selectors.notification_of(request.user, notification_id)
    services.notification_mark_read(notification=notification, actor=request.user)
    url = selectors.notification_target(notification)
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:notification_list")


@rule(signed_in)
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one read and leave the person where they were: with htmx the item is swapped in
    place (and the counts with it); without JavaScript the list comes back at the same page,
    scrolled to the item."""
    notification = selectors.notification_of(request.user, notification_id)
    services.notification_mark_read(notification=notification, actor=request.user)
    if is_htmx(request):
        return render(
            request,
            "notifications/notification_list.html#marked",
            {"notification": notification, "oob": True},
        )
    url = reverse("notifications:notification_list")
    page = request.POST.get("halaman", "")
    if page.isdigit() and page != "1":
        url += f"?halaman={page}"
    return redirect(f"{url}#notification-{notification.pk}")


@rule(signed_in)
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:notification_list")


@rule(signed_in)
@require_POST
def notification_preference(request: HttpRequest) -> HttpResponse:
    by_email = request.POST.get("by_email") == "1"
    services.notification_preference_set(actor=request.user, by_email=by_email)
    if by_email and not request.user.email:  # type: ignore[union-attr]
        messages.warning(
            request, _("Your account has no email address; ask the programme team to add one.")
        )
    elif by_email:
        messages.success(request, _("Notifications will also come by email."))
    else:
        messages.success(request, _("Notifications will no longer come by email."))
    return redirect("notifications:notification_list")
