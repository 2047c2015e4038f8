from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from rembuk.core.addresses import page_sent_from
from rembuk.core.htmx import is_htmx
from rembuk.core.permissions import public, rule, signed_in


@rule(signed_in)
def home(request: HttpRequest) -> HttpResponse:
    """Everyone starts on their own work: the start page of rembuk.home (by name, as core
    imports no app above it)."""
    return redirect("home:index")


@public
@cache_control(max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico of every site, whatever the page's <link rel="icon"> says: send
    them to the static icon, which whitenoise serves under its hashed name. Not a permanent
    redirect, so that a new icon (a new hashed name) reaches browsers within a day."""
    return redirect(static("img/favicon.ico"))


# Set on Django's CSRF refusal: a page's script sends a change again with the cookie's token
# (static/js/rembuk.js), while a 403 of a role means the person may no longer make it.
REFUSED_HEADER = "Rembuk-Refused"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF refusal (CSRF_FAILURE_VIEW). A page sent by script gets REFUSED_HEADER
    alone; a form sent whole gets a page saying, in the person's words, why and what to do — a
    form opened before they (or someone else) logged in again on this browser is the usual
    cause, not an attack; Django's own page speaks of headers and DEBUG."""
    if is_htmx(request):
        refused = HttpResponse(status=403)
    else:
        refused = render(
            request,
            "403_csrf.html",
            {
                "back": page_sent_from(request),
                "no_cookie": reason == REASON_NO_CSRF_COOKIE,
            },
            status=403,
        )
    refused[REFUSED_HEADER] = "csrf"
    return refused
