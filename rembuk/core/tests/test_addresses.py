"""Printed links and QR codes carry the public https:// address behind a TLS proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from rembuk.core.addresses import absolute_url, site_address


def test_the_public_address_wins_over_what_the_proxy_forwards(settings):
    settings.BASE_URL = "https://rembuk.sbdkab.go.id"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
    assert (
        absolute_url(request, "/rapat/bagikan/abc/")
        == "https://rembuk.sbdkab.go.id/rapat/bagikan/abc/"
    )
    assert absolute_url(None, "/x/") == "https://rembuk.sbdkab.go.id/x/"  # a command, no request


def test_behind_a_tls_proxy_the_request_s_own_address_is_https(settings):
    settings.BASE_URL = ""
    settings.ALLOWED_HOSTS = ["rembuk.sbdkab.go.id"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get(
        "/", HTTP_HOST="rembuk.sbdkab.go.id", HTTP_X_FORWARDED_PROTO="https"
    )
    assert site_address(request) == "https://rembuk.sbdkab.go.id/"


def test_without_a_public_address_a_command_cannot_invent_one(settings):
    settings.BASE_URL = ""
    with pytest.raises(ValueError, match="REMBUK_BASE_URL"):
        absolute_url(None, "/x/")
