"""`csrf_token` for templates, masked in one draw of randomness.

Django's own context processor (always applied before the project's) masks the token with
`get_random_string`, one `secrets.choice` per character: about 490 Python calls on every page
that has a form, and base.html has two. This one gives the same token, in the same form
(a random mask of 32 letters and digits, then the secret shifted by it, which Django's
CsrfViewMiddleware unmasks), with the mask drawn as one number below 62³² and its digits
taken in a loop; it is still drawn from `secrets` and uniform over every mask. Listed after
Django's, it replaces its lazy value before a template reads it (docs/decisions/0025).
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_BASE = len(CSRF_ALLOWED_CHARS)
_MASKS = _BASE**CSRF_SECRET_LENGTH
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def masked(secret: str) -> str:
    """The token for `secret`: what django.middleware.csrf._mask_cipher_secret makes."""
    number = secrets.randbelow(_MASKS)
    mask = cipher = ""
    for char in secret:
        digit = number % _BASE
        number //= _BASE
        mask += CSRF_ALLOWED_CHARS[digit]
        cipher += CSRF_ALLOWED_CHARS[(_INDEX[char] + digit) % _BASE]
    return mask + cipher


def page_token(request: HttpRequest) -> str:
    """django.middleware.csrf.get_token(request), with the mask of `masked()`."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        return get_token(request)  # Django makes the secret and sends its cookie
    # The cookie is in use: sent again in the response, as get_token() asks.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return masked(secret)


def csrf(request: HttpRequest) -> dict[str, object]:
    return {"csrf_token": SimpleLazyObject(lambda: page_token(request))}
