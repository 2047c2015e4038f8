"""`{% may_read_request support desa_code as readable %}`: whether the person viewing the page may
open this support request (rembuk.support.permissions.can_read_request), so a page links to a
request only for those it would not answer with a 404."""

from __future__ import annotations

from typing import Any

from django import template

from rembuk.support.permissions import can_read_request

register = template.Library()


@register.simple_tag(takes_context=True)
def may_read_request(context: template.Context, support: Any, desa_code: str = "") -> bool:
    request = context.get("request")
    return request is not None and can_read_request(request.user, support, desa_code)
