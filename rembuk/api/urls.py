"""/api/v1/: the docs page, the OpenAPI document and every operation (rembuk.api.api), and a
problem detail for any other address under it."""

from django.urls import URLPattern, URLResolver, path, re_path

from rembuk.api import views
from rembuk.api.api import api, check_every_operation_has_a_rule
from rembuk.api.entry import api_entry

check_every_operation_has_a_rule()

app_name = "api"


def _wrapped(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    found: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        callback = views.index if pattern.name == "api-root" else pattern.callback
        found.append(
            URLPattern(pattern.pattern, api_entry(callback), pattern.default_args, pattern.name)
        )
    return found


urlpatterns: list[URLPattern | URLResolver] = [
    path("docs", views.docs, name="docs"),
    path("docs/<slug:tag>", views.docs_part, name="docs_part"),
    *_wrapped(api.urls[0]),
    re_path(r"^.*$", api_entry(views.not_found), name="not_found"),
]
