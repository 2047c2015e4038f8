from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from rembuk.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """`unread_notifications` for the header bell: one query, only when a template reads it,
    and at most once per request."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"unread_notifications": 0}
    cached = getattr(request, "_unread_notifications", None)
    if cached is None:
        cached = SimpleLazyObject(lambda: unread_count(user))
        request._unread_notifications = cached  # type: ignore[attr-defined]
    return {"unread_notifications": cached}
