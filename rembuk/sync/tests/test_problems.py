"""A failed sync told in words kecamatan staff can act on (rembuk.sync.problems): each kind of
problem produced the real way — a hub not listening, a revoked or unknown token against the
live test hub, a hub (or a man in the middle) answering a 5xx, a malformed or forged answer —
ends with its sentence on the Sinkronisasi page in both languages and in `rembuk status`, with
the technical detail folded inside <details>."""

from __future__ import annotations

import gzip
import http.server
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from filelock import FileLock

from rembuk.core.models import ChangeLog
from rembuk.core.nodes import local_node_id
from rembuk.core.testing import DEFAULT_PASSWORD, user_with_role
from rembuk.people.models import Role
from rembuk.sync import problems, services, tokens
from rembuk.sync.client import sync_lock_path
from rembuk.sync.models import HubLink
from rembuk.sync.problems import Kind
from rembuk.sync.wire import PROTOCOL_VERSION

KODI = "53.18.11"
SCRIPT = "<script>alert('hub')</script>"

# The first words of each kind's sentence, as the page shows them.
HEADLINES = {
    Kind.UNREACHABLE: (
        "This computer could not reach the kabupaten's hub.",
        "Komputer ini tidak dapat menghubungi hub kabupaten.",
    ),
    Kind.HUB_FAILING: (
        "The kabupaten's hub has a problem and could not finish the sync.",
        "Hub kabupaten sedang bermasalah dan tidak dapat menyelesaikan sinkronisasi.",
    ),
    Kind.TOKEN_WITHDRAWN: (
        "The kabupaten's hub no longer accepts this computer's link.",
        "Hub kabupaten tidak lagi menerima tautan komputer ini.",
    ),
    Kind.HUB_MOVED: (
        "The kabupaten's hub has moved to a new address.",
        "Hub kabupaten sudah pindah ke alamat baru.",
    ),
    Kind.VERSION: (
        "The hub and this computer run versions of Rembuk that cannot sync.",
        "Hub dan komputer ini memakai versi Rembuk yang tidak dapat saling sinkron.",
    ),
    Kind.REFUSED: (
        "The hub and this computer could not agree on the data they exchanged.",
        "Hub dan komputer ini tidak dapat menerima data yang saling dikirim.",
    ),
}
NOTHING_LOST = ("Nothing was lost", "Tidak ada yang hilang")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class FakeHub:
    """A web server at the hub's address that answers every POST with `status` and `body`:
    a proxy's 502, a hub's refusal with a reason, an answer from another version. Past
    `most` requests it answers 503, so that a node asking for ever ends a test instead of
    hanging it (as the node's push did when a hub's `acked` stood still)."""

    url: str = ""
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)  # the endpoints asked, in order
    most: int = 20

    def answer(self, status: int, data: dict[str, object] | None = None, raw: bytes = b"") -> None:
        self.status = status
        if data is not None:
            self.body = gzip.compress(json.dumps(data).encode())
            self.headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        else:
            self.body, self.headers = raw, {"Content-Type": "text/html"}


@pytest.fixture
def fake_hub() -> Iterator[FakeHub]:
    hub = FakeHub()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            hub.requests.append(self.path.rstrip("/").rsplit("/", 1)[-1])
            if len(hub.requests) > hub.most:
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(hub.status)
            for name, value in hub.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(hub.body)))
            self.end_headers()
            self.wfile.write(hub.body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hub.url = f"http://127.0.0.1:{server.server_address[1]}/api/sync/"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def node(settings, tmp_path):  # type: ignore[no-untyped-def]
    """A kecamatan user of a node (its sync lock in a directory of the test's own)."""
    settings.DATA_DIR = tmp_path
    from rembuk.regions.models import Region
    from rembuk.regions.services import regions_import

    if not Region.all_objects.exists():  # transactional tests start from an empty database
        regions_import()
    return user_with_role(Role.KECAMATAN, KODI)


def _link(hub_url: str, token: str = "rbk_x") -> HubLink:  # noqa: S107 - a test token
    return HubLink.objects.create(hub_url=hub_url, token=token, region_code=KODI)


def _press_sync_now(client, user, language: str = "id") -> str:  # type: ignore[no-untyped-def]
    user.language = language
    user.save(update_fields=["language"])
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client.post(reverse("sync:sync_now"), follow=True).content.decode()


def _detail_block(page: str) -> str:
    found = re.search(r'<details class="sync-problem-detail">(.*?)</details>', page, re.S)
    assert found, "the technical detail is folded in a <details>"
    return found.group(1)


def _status_output(language: str) -> str:
    out = StringIO()
    with translation.override(language):
        call_command("status", stdout=out)
    return out.getvalue()


def _assert_told(client, user, kind: Kind, detail: str) -> None:  # type: ignore[no-untyped-def]
    """The page (both languages) and `rembuk status` tell `kind`, with `detail` folded. The
    detail is in the language of the process that synced (or the hub's): it is for the person
    who looks after Rembuk, so `detail` is a part of it that no language changes."""
    link = HubLink.objects.get()
    assert link.last_problem == kind and detail in link.last_error
    for index, language in enumerate(("en", "id")):
        user.language = language
        user.save(update_fields=["language"])
        page = client.get(reverse("sync:page")).content.decode()
        assert escape(HEADLINES[kind][index]) in page
        assert NOTHING_LOST[index] in page
        # The detail is there for the person who looks after Rembuk, but only inside <details>.
        escaped = escape(detail)
        assert escaped in _detail_block(page)
        assert page.count(escaped) == 1
        assert "<script>alert" not in page
        output = _status_output(language)
        assert HEADLINES[kind][index] in output and NOTHING_LOST[index] in output
        assert detail in output  # a terminal shows text as it is


@pytest.mark.django_db
def test_a_hub_not_listening_is_told_as_cannot_reach_it_check_the_connection(client, node):
    _link(f"http://127.0.0.1:{_free_port()}/api/sync/")
    page = _press_sync_now(client, node)
    assert "Sinkronisasi tidak selesai." in page
    assert "Periksa apakah komputer ini tersambung ke internet" in page
    _assert_told(client, node, Kind.UNREACHABLE, "Connection refused")
    output = _status_output("id")
    assert "Tidak ada yang hilang" in output and "rincian teknis: " in output


@pytest.mark.django_db
def test_a_proxy_s_502_is_told_as_the_hub_s_problem_not_this_computer_s(client, node, fake_hub):
    fake_hub.answer(502, raw=b"<html><body>Bad Gateway</body></html>")
    _link(fake_hub.url)
    page = _press_sync_now(client, node)
    assert "Kesalahannya ada di server kabupaten, bukan di komputer ini" in page
    _assert_told(client, node, Kind.HUB_FAILING, "(502). [HTTP 502 dari hub]")


@pytest.mark.django_db
def test_a_hub_s_reason_is_escaped_wherever_it_is_shown(client, node, fake_hub):
    fake_hub.answer(500, {"reason": SCRIPT})
    _link(fake_hub.url)
    _press_sync_now(client, node)
    _assert_told(client, node, Kind.HUB_FAILING, SCRIPT)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [400, 403, 500])
def test_a_forged_code_the_node_does_not_know_is_a_generic_refusal(client, node, fake_hub, status):
    """A hub, or a man in the middle, answers with a code of its own making: the node shows its
    generic "refused" sentence (tell the person who looks after Rembuk), never crashes."""
    fake_hub.answer(status, {"reason": SCRIPT, "code": "wipe_everything<b>"})
    _link(fake_hub.url)
    _press_sync_now(client, node)
    _assert_told(client, node, Kind.REFUSED, SCRIPT)
    assert "wipe_everything&lt;b&gt;" in _detail_block(
        client.get(reverse("sync:page")).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("code", [None, 42, ["token_revoked"]])
def test_a_code_that_is_not_a_text_is_ignored(client, node, fake_hub, code):
    fake_hub.answer(403, {"reason": "no", "code": code})
    _link(fake_hub.url)
    _press_sync_now(client, node)
    assert HubLink.objects.get().last_problem == Kind.REFUSED


@pytest.mark.django_db
def test_a_malformed_answer_is_told_as_a_refusal_to_report(client, node, fake_hub):
    fake_hub.answer(200, {"protocol": 1, "push_cursor": "many", "pull_cursor": 0})
    _link(fake_hub.url)
    _press_sync_now(client, node)
    _assert_told(client, node, Kind.REFUSED, "“push_cursor”")


@pytest.mark.django_db
def test_a_hub_of_another_protocol_is_told_as_versions_that_cannot_sync(client, node, fake_hub):
    fake_hub.answer(200, {"protocol": 2, "push_cursor": 0, "pull_cursor": 0})
    _link(fake_hub.url)
    page = _press_sync_now(client, node)
    assert "Rembuk di komputer ini atau di hub harus diperbarui" in page
    _assert_told(client, node, Kind.VERSION, " 2; ")


@pytest.mark.django_db
def test_a_moved_hub_is_told_as_ask_for_the_new_address(client, node, fake_hub):
    fake_hub.answer(301, raw=b"")
    fake_hub.headers["Location"] = "https://rembuk.example.go.id/api/sync/hello/"
    _link(fake_hub.url)
    _press_sync_now(client, node)
    _assert_told(client, node, Kind.HUB_MOVED, "https://rembuk.example.go.id/api/sync/hello/")


@pytest.mark.django_db
def test_a_second_sync_is_told_as_wait_and_leaves_the_last_problem_alone(client, node):
    link = _link(f"http://127.0.0.1:{_free_port()}/api/sync/")
    link.last_problem, link.last_error = Kind.HUB_FAILING, "earlier"
    link.save()
    with FileLock(sync_lock_path()):
        page = _press_sync_now(client, node)
    assert "Sinkronisasi lain sedang berjalan di komputer ini." in page
    link.refresh_from_db()
    assert (link.last_problem, link.last_error) == (Kind.HUB_FAILING, "earlier")


@pytest.mark.django_db
def test_the_sync_command_prints_the_sentence_and_the_detail():
    _link(f"http://127.0.0.1:{_free_port()}/api/sync/")
    with pytest.raises(CommandError) as error:
        call_command("sync")
    assert str(error.value).startswith("This computer could not reach the kabupaten's hub.")
    assert "Nothing was lost" in str(error.value)
    assert "\nTechnical detail: The hub cannot be reached" in str(error.value)


def _own_top() -> int:
    """This node's latest own change: a hub whose cursor stands there has everything."""
    own = ChangeLog.objects.filter(node_id=local_node_id())
    return int(own.aggregate(top=Max("seq"))["top"] or 0)


def _holding_everything() -> dict[str, object]:
    """Hello's cursor of a hub that holds every change of this node, named as a hub names it."""
    top = _own_top()
    return {"push_cursor": top, "push_change_id": services.own_change_at(top)}


def _hub_answer(**answer: object) -> dict[str, object]:
    """One answer that does for hello, push and pull (the fake hub answers each the same)."""
    return {
        "protocol": PROTOCOL_VERSION,
        "hub_node_id": "n-hub",
        "region_code": KODI,
        "push_cursor": 0,
        "pull_cursor": 0,
        "entries": [],
        "next_after": 0,
        "more": False,
        **answer,
    }


@pytest.mark.django_db
def test_a_successful_sync_clears_the_problem(client, node, fake_hub):
    link = _link(fake_hub.url)
    link.last_problem, link.last_error = Kind.UNREACHABLE, "earlier"
    link.save()
    # The hub holds every change of this node already: hello, then one pull.
    fake_hub.answer(200, _hub_answer(**_holding_everything()))
    page = _press_sync_now(client, node)
    assert fake_hub.requests == ["hello", "pull"]
    assert "Sinkronisasi selesai" in page and "sync-problem" not in page
    link.refresh_from_db()
    assert (link.last_problem, link.last_error) == ("", "")
    assert problems.recorded_problem(link) is None


@pytest.mark.django_db
@pytest.mark.parametrize("acked", [None, 0, "one short"])
def test_a_hub_whose_acknowledgement_does_not_cover_the_batch_is_refused_not_asked_again(
    client, node, fake_hub, acked
):
    """The node's push loop asked a hub whose `acked` stood still for ever (the "fake hub hung
    on a second request" of round 11): every batch is now acknowledged up to its last change,
    or the sync stops with a refusal after one push."""
    _link(fake_hub.url)
    top = _own_top()
    assert top > 0  # the kecamatan person's own account is a change of this node
    value = top - 1 if acked == "one short" else acked
    fake_hub.answer(200, _hub_answer() if value is None else _hub_answer(acked=value))
    _press_sync_now(client, node, language="en")
    assert fake_hub.requests == ["hello", "push"]
    _assert_told(client, node, Kind.REFUSED, "did not acknowledge the changes it was sent")
    assert HubLink.objects.get().push_cursor == 0


@pytest.mark.django_db
@pytest.mark.parametrize("hello_ahead", [False, True], ids=["push-answer", "and-hello"])
def test_a_hub_acknowledging_past_what_it_was_sent_never_moves_the_cursor_past_it(
    client, node, fake_hub, hello_ahead
):
    """A number ahead with no change named (hello's push cursor, a push's or a page's acked)
    would have the node skip its unsent changes: it pushes them, and its cursor stops at the
    batch's end."""
    _link(fake_hub.url)
    top = _own_top()
    ahead = {"push_cursor": top + 1000} if hello_ahead else {}
    fake_hub.answer(200, _hub_answer(acked=top + 1000, **ahead))
    _press_sync_now(client, node, language="en")
    assert fake_hub.requests == ["hello", "push", "pull"]
    assert HubLink.objects.get().push_cursor == top


@pytest.mark.django_db
def test_a_hub_announcing_more_pages_without_sending_one_is_refused_not_asked_again(
    client, node, fake_hub
):
    _link(fake_hub.url)
    fake_hub.answer(200, _hub_answer(**_holding_everything(), more=True))
    _press_sync_now(client, node, language="en")
    assert fake_hub.requests == ["hello", "pull"]
    _assert_told(client, node, Kind.REFUSED, "announced more changes after 0 but sent none")


@pytest.mark.django_db
def test_a_hub_s_400_says_in_the_detail_that_the_hub_refused_it(client, node, fake_hub):
    fake_hub.answer(400, {"reason": "The sync data is malformed."})
    _link(fake_hub.url)
    _press_sync_now(client, node, language="en")
    _assert_told(client, node, Kind.REFUSED, "malformed. [HTTP 400 from the hub]")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("en", "must be a whole number. [refused by this computer]"),
        ("id", "harus berupa bilangan bulat. [ditolak oleh komputer ini]"),
    ],
)
def test_this_computer_s_own_refusal_says_so_in_the_detail(
    client, node, fake_hub, language, detail
):
    fake_hub.answer(200, _hub_answer(push_cursor="many"))
    _link(fake_hub.url)
    _press_sync_now(client, node, language=language)
    _assert_told(client, node, Kind.REFUSED, detail)
    assert "HTTP" not in HubLink.objects.get().last_error


@pytest.mark.django_db
def test_linking_to_a_hub_of_another_protocol_fails_at_once_and_stores_nothing(fake_hub):
    fake_hub.answer(200, _hub_answer(protocol=PROTOCOL_VERSION + 1))
    with translation.override("id"), pytest.raises(CommandError) as error:
        call_command("node_init", hub=fake_hub.url, token="rbk_baru")
    told = str(error.value)
    assert told.startswith(HEADLINES[Kind.VERSION][1])
    assert "Rembuk di komputer ini atau di hub harus diperbarui" in told
    assert f"protokol sinkronisasi {PROTOCOL_VERSION + 1}" in told
    assert fake_hub.requests == ["hello"]
    assert not HubLink.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer",
    [{"region_code": None}, {"region_code": ["53.18.11"]}, {"hub_node_id": ""}, {"hub_node_id": 7}],
)
def test_linking_to_a_hub_whose_hello_lacks_its_region_or_id_is_refused_and_stores_nothing(
    fake_hub, answer
):
    hello = _hub_answer(**answer)
    hello = {key: value for key, value in hello.items() if value is not None}
    fake_hub.answer(200, hello)
    with translation.override("id"), pytest.raises(CommandError) as error:
        call_command("node_init", hub=fake_hub.url, token="rbk_baru")
    assert str(error.value).startswith(HEADLINES[Kind.REFUSED][1])
    assert not HubLink.objects.exists()


@pytest.mark.django_db
def test_relinking_to_a_hub_of_another_protocol_leaves_the_old_link_as_it_was(fake_hub):
    old = _link("https://rembuk.example.go.id/api/sync/", token="rbk_lama")
    fake_hub.answer(200, _hub_answer(protocol=PROTOCOL_VERSION + 1, pull_cursor=99))
    with pytest.raises(CommandError, match="versions of Rembuk that cannot sync"):
        call_command("node_init", hub=fake_hub.url, token="rbk_baru")
    link = HubLink.objects.get()
    assert (link.pk, link.hub_url, link.token, link.pull_cursor) == (
        old.pk,
        old.hub_url,
        "rbk_lama",
        0,
    )


def test_a_detail_stored_before_kinds_is_read_as_a_refusal_and_the_kind_never_from_text():
    old = HubLink(last_problem="", last_error="The hub cannot be reached (timed out).")
    problem = problems.recorded_problem(old)
    assert problem is not None and problem.kind == Kind.REFUSED
    assert problems.recorded_problem(HubLink()) is None


# --- the token, against the real hub (the live test server) --------------------------------


@pytest.fixture
def hub_token(node) -> str:  # type: ignore[no-untyped-def]
    return tokens.token_issue(region_code=KODI, label="laptop", actor=None)[1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["revoked", "unknown", "another node's"])
def test_a_withdrawn_token_is_told_as_ask_for_a_new_one(client, node, live_server, hub_token, how):
    token = tokens.token_from_header(hub_token)
    if how == "revoked":
        tokens.token_revoke(token=token, actor=None)
    elif how == "another node's":
        tokens.token_bind(token, "n-another-laptop")
    plain = "rbk_not-issued" if how == "unknown" else hub_token
    _link(live_server.url + "/api/sync/", token=plain)
    page = _press_sync_now(client, node)
    assert "Minta token node baru kepada tim program di kabupaten." in page
    detail = {
        "revoked": "[HTTP 403 dari hub] [token_revoked]",
        "unknown": "[HTTP 401 dari hub] [token_unknown]",
        "another node's": "[HTTP 403 dari hub] [token_other_node]",
    }[how]
    _assert_told(client, node, Kind.TOKEN_WITHDRAWN, detail)
