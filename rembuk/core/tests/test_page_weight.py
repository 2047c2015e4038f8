"""Page weight budget (DESIGN.md §5), measured on the real bytes a browser would receive.

First load: the gzipped HTML plus every stylesheet, script and font it references, each read
through the static finders and gzipped, ≤ 50 KB. A later page (assets cached): the gzipped HTML
alone ≤ 15 KB. The signed-in page weighed is the heaviest we have: the Matriks 1 page of a
3-goal, 30-activity plan.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.pageweight import page_weight, referenced_assets
from rembuk.core.testing import full_plan, user_with_role
from rembuk.people.models import Role

KB = 1024
FIRST_LOAD_BUDGET = 50 * KB
LATER_PAGE_BUDGET = 15 * KB


def fetch(client: Client, url: str) -> tuple[bytes, bool]:
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200, url
    return response.content, response.headers.get("Content-Encoding") == "gzip"


@pytest.fixture
def kecamatan_client(client: Client) -> Client:
    client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    return client


@pytest.mark.django_db
def test_the_login_page_first_load_fits_the_budget(client: Client) -> None:
    content, gzipped = fetch(client, reverse("people:login"))
    weight = page_weight(content, html_is_gzipped=gzipped)
    assert weight.assets, "the page should reference its stylesheet and scripts"
    assert weight.first_load <= FIRST_LOAD_BUDGET, weight


@pytest.mark.django_db
def test_a_full_plan_page_fits_the_first_load_and_later_page_budgets(
    kecamatan_client: Client,
) -> None:
    plan = full_plan("53.18.11.2006", goals=3, activities_per_goal=10)
    content, gzipped = fetch(kecamatan_client, reverse("plans:plan_detail", args=[plan.pk]))
    weight = page_weight(content, html_is_gzipped=gzipped)
    assert "css/rembuk.css" in weight.assets
    assert weight.first_load <= FIRST_LOAD_BUDGET, weight
    assert weight.html <= LATER_PAGE_BUDGET, weight


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("people:my_villages", []),
        ("people:account", []),
        ("plans:plan_list", []),
        ("regions:region_detail", ["53.18.11"]),
    ],
)
def test_other_signed_in_pages_fit_the_budgets(
    kecamatan_client: Client, name: str, args: list[str]
) -> None:
    content, gzipped = fetch(kecamatan_client, reverse(name, args=args))
    weight = page_weight(content, html_is_gzipped=gzipped)
    assert weight.first_load <= FIRST_LOAD_BUDGET, weight
    assert weight.html <= LATER_PAGE_BUDGET, weight


def test_every_script_stylesheet_and_font_is_counted() -> None:
    html = """<html><head>
      <link rel="stylesheet" href="/static/css/rembuk.css">
      <link rel="canonical" href="https://example.org/">
      <link rel="preload" as="font" href="/static/fonts/x.woff2">
      <script src="/static/js/htmx.min.js" defer></script>
      <script src="/static/js/rembuk.js" defer></script>
    </head></html>"""
    assert referenced_assets(html) == [
        "/static/css/rembuk.css",
        "/static/fonts/x.woff2",
        "/static/js/htmx.min.js",
        "/static/js/rembuk.js",
    ]


def test_a_reference_to_a_missing_static_file_fails_loudly() -> None:
    with pytest.raises(FileNotFoundError):
        page_weight(b'<script src="/static/js/no-such-file.js"></script>')
