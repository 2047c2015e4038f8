"""{% load page_csrf %}: Django's {% csrf_token %} input, written once per page and token."""

import re

from django.middleware.csrf import CsrfViewMiddleware
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

TEXT = (
    "{% for n in rows %}[{% csrf_token %}]{% endfor %}"
    "{% with x=1 %}[{% csrf_token %}]{% endwith %}[{% include sub %}]"
)


def render(fast: bool, context: Context) -> str:
    load = "{% load page_csrf %}" if fast else ""
    return Template(load + TEXT).render(context)


def request_context() -> RequestContext:
    request = RequestFactory().get("/")
    CsrfViewMiddleware(lambda r: None).process_request(request)
    return RequestContext(request, {"rows": range(3), "sub": Template("{% csrf_token %}")})


def tokens(page: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', page)


def test_the_same_input_as_django_csrf_token():
    fast = render(fast=True, context=request_context())
    django = render(fast=False, context=request_context())
    # Django masks the token afresh for every page: the same markup, one token per page.
    assert len(tokens(fast)) == len(tokens(django)) == 5
    assert len(set(tokens(fast))) == len(set(tokens(django))) == 1
    assert fast.replace(tokens(fast)[0], "…") == django.replace(tokens(django)[0], "…")
    # Each page keeps its own request's token.
    assert tokens(render(fast=True, context=request_context())) != tokens(fast)


def test_no_token_in_the_context_writes_nothing_as_django_does():
    assert render(fast=True, context=Context({"rows": range(2), "sub": Template("")})) == "[][][][]"
