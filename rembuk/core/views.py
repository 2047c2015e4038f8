from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from rembuk.core.permissions import rule, signed_in


@rule(signed_in)
def home(request: HttpRequest) -> HttpResponse:
    """Everyone starts on their own work: the start page of rembuk.home (by name, as core
    imports no app above it)."""
    return redirect("home:index")
