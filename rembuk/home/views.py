"""Beranda: the start page, one section per role the person holds (rembuk.home.selectors)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rembuk.core.permissions import rule, signed_in
from rembuk.home import selectors


@rule(signed_in)
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = selectors.home_for(request.user, today)
    if page.only_programme:
        # The programme team's work is the programme as a whole: its dashboard.
        return redirect("programme:dashboard")
    return render(request, "home/home.html", {"home": page, "today": today})
