"""Walking the demo's pages as a person would: from home, following links, keeping every request
the pages offer — links, forms with the values their fields hold, htmx requests.

One home for the walk of the tests that attack what the pages offer: the scope test
(test_foreign_records.py, another kabupaten's people send it) and the form fuzz
(test_form_fuzz.py, the page's own person sends it with one field made hostile).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve

from rembuk.people.models import User

OWNERS = (  # Sumba Barat Daya, a person of each role: whose pages are walked
    "kabupaten.sbd",
    "faskab.sbd",
    "opd.distan.sbd",
    "kecamatan.kodibalaghar",
    "desa.wailangira",
    "fasdesa.wainyapu",
)
NOT_WALKED = {"people:logout"}
NOT_WALKED_NAMESPACES = ("api:",)  # their own scope and fuzz tests (rembuk/api/tests/)
PAGES_PER_ROUTE = 3  # pages of one route walked (per person): their links are alike
TYPED_NOT = {"hidden", "checkbox", "radio", "submit", "button", "file", "image", "reset"}
DOCUMENT_WORDS = ("pdf", "docx", "xlsx", "download", "unduh", "export", "bundle", "paket")


@dataclass(frozen=True)
class Offered:
    """A request a page offers: its method, path (with query) and, for a form, its fields."""

    method: str
    path: str
    data: tuple[tuple[str, str], ...] = ()
    # An <a href>: a person may open it without JavaScript or in a new tab, so it must answer a
    # whole page, never an htmx fragment (which other offers, such as hx-get, may answer).
    link: bool = field(default=False, compare=False)
    # Offered as an htmx request (hx-post and the like): with JavaScript, htmx sends it with
    # its HX-Request header. A form that also posts without JavaScript is the same request.
    htmx: bool = field(default=False, compare=False)
    # A form's fields a person types in, with their input type ("textarea" for one): not
    # those chosen from a list, ticked or hidden.
    typed: tuple[tuple[str, str], ...] = field(default=(), compare=False)


@dataclass
class _Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    htmx: bool = False  # the <form> itself posts with htmx (hx-post and the like)
    typed: list[tuple[str, str]] = field(default_factory=list)
    # The actions of its submit buttons that post elsewhere (<button formaction>: a cell's
    # Delete): the same fields, sent to another route, without htmx.
    other_actions: list[str] = field(default_factory=list)


class _Offers(HTMLParser):
    """Links, forms (with the values their fields hold) and htmx requests of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, tuple[tuple[str, str], ...]]] = []
        self.links: set[int] = set()  # the indexes in `found` of <a href> links
        self.htmx: set[int] = set()  # the indexes in `found` of htmx requests
        self.typed: dict[int, tuple[tuple[str, str], ...]] = {}  # a form's, by index in `found`
        self._forms: list[_Form] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.add(len(self.found))
            self.found.append(("GET", a["href"], ()))
        for verb in ("get", "post", "put", "patch", "delete"):
            if a.get(f"hx-{verb}"):
                fields = tuple(self._forms[-1].fields) if self._forms else ()
                self.htmx.add(len(self.found))
                self.found.append((verb.upper(), a[f"hx-{verb}"], fields))
        if tag == "form":
            method = a.get("method", "get").upper()
            htmx = bool(a.get(f"hx-{method.lower()}"))
            self._forms.append(_Form(method, a.get("action", ""), htmx=htmx))
        elif (
            self._forms
            and tag in {"button", "input"}
            and a.get("formaction")
            and a.get("type", "submit") in {"submit", "image"}
        ):
            self._forms[-1].other_actions.append(a["formaction"])
        if self._forms and tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file", "image"}:
                self._forms[-1].fields.append((a["name"], a.get("value", "")))
            if kind not in TYPED_NOT:
                self._forms[-1].typed.append((a["name"], kind))
        elif self._forms and tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif self._select is not None and tag == "option":
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif self._forms and tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []
            self._forms[-1].typed.append((a["name"], "textarea"))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            if self._forms:
                self._forms[-1].fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._forms:
                self._forms[-1].fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "form" and self._forms:
            form = self._forms.pop()
            if form.method == "GET" and form.fields:  # a search or a filter: as submitted
                query = urlencode([(name, value) for name, value in form.fields if value])
                action = urlsplit(form.action)._replace(query=query).geturl()
                self.found.append(("GET", action or f"?{query}", ()))
            else:
                if form.htmx:
                    self.htmx.add(len(self.found))
                self.typed[len(self.found)] = tuple(form.typed)
                self.found.append((form.method, form.action, tuple(form.fields)))
                for action in form.other_actions:
                    self.typed[len(self.found)] = tuple(form.typed)
                    self.found.append((form.method, action, tuple(form.fields)))


def route_of(path: str) -> tuple[str, dict[str, object]] | None:
    """The URL name and parameters of a path of Rembuk, or None."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


def offers_of(page_path: str, html: str) -> Iterator[Offered]:
    parser = _Offers()
    parser.feed(html)
    for index, (method, url, data) in enumerate(parser.found):
        target = urlsplit(urljoin(page_path, url or page_path))
        if target.scheme not in {"", "http"} or target.netloc not in {"", "testserver"}:
            continue
        path = target.path + (f"?{target.query}" if target.query else "")
        yield Offered(
            method,
            path,
            data if method != "GET" else (),
            link=index in parser.links,
            htmx=index in parser.htmx,
            typed=parser.typed.get(index, ()),
        )


def is_document(view_name: str) -> bool:
    return any(word in view_name for word in DOCUMENT_WORDS)


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@dataclass
class Walked:
    offered: set[Offered]
    dead_links: list[str]  # "page → link: status", for links that fail the person shown them
    # Each offer and the page that offered it first (the form fuzz goes back to it).
    offered_on: dict[Offered, str] = field(default_factory=dict)


def walk(username: str, *, pages_per_route: int = PAGES_PER_ROUTE) -> Walked:
    """Every request offered by the pages a person reaches from home by following links."""
    client = client_of(username)
    dead_links: list[str] = []
    came_from = {"/": "(start)"}
    by_link = {"/"}  # paths walked because an <a href> offered them
    offered_on: dict[Offered, str] = {}
    walked_per_route: dict[str, int] = defaultdict(int)
    seen = {"/"}
    queue = deque(["/"])
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code >= 400:
            dead_links.append(f"{came_from[path]} → {path}: {response.status_code}")
        if response.status_code in {301, 302} and response["Location"].startswith("/"):
            location = response["Location"]
            if location not in seen:
                seen.add(location)
                came_from[location] = path
                queue.append(location)
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if path in by_link and "<html" not in html[:1000]:
            dead_links.append(f"{came_from[path]} → {path}: a bare fragment, not a page")
        for offer in offers_of(path, html):
            offered_on.setdefault(offer, path)
            route = route_of(offer.path)
            if offer.method != "GET" or route is None or offer.path in seen:
                continue
            view_name = route[0]
            if view_name in NOT_WALKED or view_name.startswith(NOT_WALKED_NAMESPACES):
                continue
            if is_document(view_name):
                continue
            if walked_per_route[view_name] >= pages_per_route:
                continue
            walked_per_route[view_name] += 1
            came_from[offer.path] = path
            if offer.link:
                by_link.add(offer.path)
            seen.add(offer.path)
            queue.append(offer.path)
    return Walked(set(offered_on), dead_links, offered_on)


def respond(
    client: Client, offer: Offered, path: str | None = None, **headers: str
) -> HttpResponse:
    target = path or offer.path
    if offer.method == "GET":
        return client.get(target, headers=headers)
    if offer.method == "POST":
        return client.post(target, dict(offer.data), headers=headers)
    return client.generic(offer.method, target, headers=headers)


def send(client: Client, offer: Offered, path: str | None = None) -> int:
    return respond(client, offer, path).status_code
