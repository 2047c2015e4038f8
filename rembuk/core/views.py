from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

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
