from django.http import HttpRequest

from rembuk.people.permissions import can_manage_people


def navigation(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"can_manage_people": bool(user and user.is_authenticated and can_manage_people(user))}
