from django.http import HttpRequest

from rembuk.sync.permissions import can_use_sync


def navigation(request: HttpRequest) -> dict[str, bool]:
    # Memberships are cached on the user, so this costs no query after the people menu's check.
    user = getattr(request, "user", None)
    return {"can_use_sync": bool(user and user.is_authenticated and can_use_sync(user))}
