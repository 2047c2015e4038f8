"""The installation's status page (programme team only) and /healthz (anyone, says nothing)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core.testing import user_with_role
from rembuk.people.models import Role
from rembuk.sync import tokens

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_dir")]
STATUS = reverse("operations:status")


def test_healthz_answers_ok_to_anyone_and_tells_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.usefixtures("migration_from_a_later_rembuk")
def test_healthz_answers_503_when_the_database_is_from_a_newer_rembuk(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error"}


def test_healthz_is_not_redirected_to_https_for_the_hub_s_own_monitoring(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("people:login")).status_code == 301


def test_the_status_page_is_for_the_programme_team_only(client):
    assert client.get(STATUS).status_code == 302  # to the login page
    client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    assert client.get(STATUS).status_code == 403
    client.force_login(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    assert client.get(STATUS).status_code == 403


def _queries_for_status_page(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(STATUS).status_code == 200
    return len(queries)


def test_the_status_page_shows_the_installation_and_the_nodes_of_the_viewer_s_regions(
    client, data_dir
):
    tokens.token_issue(region_code="53.18.11", label="Laptop Kodi Balaghar", actor=None)
    tokens.token_issue(region_code="81.05.15", label="Laptop Teluk Waru", actor=None)
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    two_nodes = _queries_for_status_page(client)
    page = client.get(STATUS).content.decode()
    assert str(data_dir) in page
    assert "Laptop Kodi Balaghar" in page
    assert "Laptop Teluk Waru" not in page  # another province's laptop: not this team's
    assert "Cadangan terakhir" in page and "belum ada" in page
    assert '<a href="/instalasi/"' in page  # in the programme team's menu
    assert "Huruf dan pustaka yang dipakai cetakan sudah terpasang." in page
    # Each node's lag is the sync page's own count (rembuk.sync.selectors.tokens_overview): one
    # query for every node, so the page costs the same whatever the number of nodes.
    for code in ("53.18.04", "53.18.01"):
        tokens.token_issue(region_code=code, label=code, actor=None)
    assert _queries_for_status_page(client) == two_nodes
    assert two_nodes <= 20


@pytest.mark.parametrize(
    ("language", "headline"),
    [
        ("id", "Hub kabupaten tidak lagi menerima tautan komputer ini."),
        ("en", "The kabupaten&#x27;s hub no longer accepts this computer&#x27;s link."),
    ],
)
def test_the_status_page_tells_a_node_s_last_sync_problem_in_the_reader_s_language(
    client, language, headline
):
    from rembuk.sync.models import HubLink

    HubLink.objects.create(
        hub_url="http://hub.invalid/api/sync/",
        token="rbk_x",
        region_code="53.18.11",
        last_problem="token_withdrawn",
        last_error="<b>Token ini sudah dicabut</b> [HTTP 403] [token_revoked]",
    )
    user = user_with_role(Role.TIM_PROGRAM, "53")
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    page = client.get(STATUS).content.decode()
    assert headline in page
    detail = page.split('<details class="sync-problem-detail">', 1)[1].split("</details>", 1)[0]
    assert "&lt;b&gt;Token ini sudah dicabut&lt;/b&gt; [HTTP 403] [token_revoked]" in detail
    assert "<b>Token ini" not in page


def test_the_status_page_says_which_printout_fonts_are_missing(client, data_dir, monkeypatch):
    from rembuk.core import print_setup

    faces = ["DejaVu Sans Condensed", "Sans <Tidak> Ada"]
    monkeypatch.setattr(print_setup, "intended_faces", lambda: faces)
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    page = client.get(STATUS).content.decode()
    assert '<p class="notice warning">Huruf Sans &lt;Tidak&gt; Ada belum terpasang' in page
    assert "DejaVu Sans Condensed belum" not in page
