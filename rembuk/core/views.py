from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from rembuk.core.permissions import rule, signed_in


@rule(signed_in)
def home(request: HttpRequest) -> HttpResponse:
    """Everyone starts from their own villages."""
    return redirect("people:my_villages")
