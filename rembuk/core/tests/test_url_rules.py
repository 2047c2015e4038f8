"""Deny by default, kept honest: every URL of config.urls, in every namespace and however deeply
included, must lead to a view that carries a permission rule (`@rule(...)` or `@public`).
URLs added later by any app are walked automatically."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from rembuk.core.permissions import PUBLIC

# Views Django itself ships that are exposed as they are (same list as the middleware).
FRAMEWORK_PUBLIC = ("django.views.static", "django.contrib.staticfiles", "django.views.i18n")


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else "(unnamed)"
            yield prefix + str(entry.pattern), name, entry.callback


def _all_urls() -> list[tuple[str, str, object]]:
    return list(_walk(get_resolver().url_patterns))


def test_the_walk_reaches_every_app_and_nested_namespace():
    names = {name for _, name, _ in _all_urls()}
    for expected in (
        "core:home",
        "people:login",
        "people:user_invite",
        "regions:region_detail",
        "plans:plan_detail",
    ):
        assert expected in names


def test_every_url_has_a_permission_rule():
    missing = [
        f"{route} ({name}) → {view.__module__}.{getattr(view, '__name__', view)}"
        for route, name, view in _all_urls()
        if getattr(view, "permission_rule", None) is None
        and not view.__module__.startswith(FRAMEWORK_PUBLIC)
    ]
    assert not missing, "Views without @rule(...) or @public:\n" + "\n".join(missing)


def test_every_rule_is_public_or_a_predicate():
    for route, name, view in _all_urls():
        predicate = getattr(view, "permission_rule", None)
        if predicate is not None:
            assert predicate == PUBLIC or callable(predicate), f"{route} ({name})"


def test_the_harness_notices_a_view_without_a_rule():
    """The check above would fail for a bare view (guards against a walk that finds nothing)."""
    from django.http import HttpResponse
    from django.urls import include, path

    def bare(request):
        return HttpResponse()

    nested = [path("x/", include(([path("y/", bare, name="bare")], "inner")))]
    found = list(_walk(nested))
    assert found == [("x/y/", "inner:bare", bare)]
    assert getattr(found[0][2], "permission_rule", None) is None
