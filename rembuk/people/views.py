"""Signing in and out, passwords, language, "my villages", and inviting people (tim_program)."""

from __future__ import annotations

import datetime
import functools
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from rembuk.core.addresses import site_address
from rembuk.core.nodes import linked_to_a_hub
from rembuk.core.permissions import View, public, rule, signed_in
from rembuk.people import selectors, services
from rembuk.people.forms import (
    AccessTokenForm,
    FirstPasswordForm,
    GrantForm,
    InviteForm,
    LoginForm,
    PasswordForm,
    UserSearchForm,
    agency_label,
)
from rembuk.people.middleware import SESSION_LANGUAGE, roles_zone
from rembuk.people.models import User
from rembuk.people.permissions import can_manage_people
from rembuk.regions.models import Region
from rembuk.regions.selectors import region_by_code
from rembuk.regions.time_zones import AREAS, CHOOSABLE, chosen_zone, zone_name

USERS_PER_PAGE = 50
MANAGED_ON_THE_HUB = gettext_lazy(
    "On this laptop, people and their roles come from the hub: invite a person or change "
    "their roles on the hub (the kabupaten's Rembuk). They can log in here after the next sync."
)
# The temporary password of the last invitation waits here until it is shown, once.
_SESSION_INVITATION = "rembuk_invitation"

login = public(
    cast(
        View,
        LoginView.as_view(
            template_name="people/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
    )
)


def locked_out(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """django-axes calls this instead of logging in someone locked out after too many wrong
    passwords: the login page again, saying so in the person's language."""
    return render(
        request,
        "people/login.html",
        {
            # Keep what the person typed: they see which username is locked.
            "form": LoginForm(request, initial={"username": request.POST.get("username", "")}),
            "locked_out": True,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


def _mark_allowed_before_password_change(view: object) -> None:
    # rembuk.core.middleware lets a person who must change their password reach only these.
    view.allowed_before_password_change = True  # type: ignore[attr-defined]


@public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    # The login page that follows stays in the language this session was using.
    language = request.session.get(SESSION_LANGUAGE)
    logout(request)
    if language:
        request.session[SESSION_LANGUAGE] = language
    return redirect(settings.LOGOUT_REDIRECT_URL)


_mark_allowed_before_password_change(logout_view)


@rule(signed_in)
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form_class = FirstPasswordForm if user.must_change_password else PasswordForm
    form = form_class(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_password_change(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("core:home")
    return render(
        request,
        "people/password_change.html",
        {
            "form": form,
            "must_change": user.must_change_password,
            "languages": settings.LANGUAGES,
            "time_zones": _time_zone_choices(user),
        },
    )


_mark_allowed_before_password_change(password_change)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The EN/ID buttons: this session only (the person's default is on their account page)."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        request.session[SESSION_LANGUAGE] = language
    return HttpResponseRedirect(_safe_next(request))


_mark_allowed_before_password_change(set_language)


@rule(signed_in)
@require_POST
def default_language(request: HttpRequest) -> HttpResponse:
    """The language every new session of this person starts in; this session follows."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        assert isinstance(request.user, User)
        services.user_language_set(user=request.user, language=language)
        request.session[SESSION_LANGUAGE] = language
        translation.activate(language)
        messages.success(request, _("Your default language is saved."))
    return redirect("people:password_change")


def _time_zone_why(user: User) -> str:
    """Why the person's times are on the clock they are on: "chosen", "roles" or "server"."""
    if chosen_zone(user.time_zone) is not None:
        return "chosen"
    return "roles" if roles_zone(user) is not None else "server"


def _time_zone_choices(user: User) -> list[tuple[str, str, bool]]:
    """The time zone form's (value, label, checked): automatic first, saying which zone that
    is for this person now, then the three zones and where each is the clock."""
    zone = roles_zone(user)
    automatic = (
        _("Automatic: %(zone)s, the zone of the regions of your roles")
        if zone is not None
        else _("Automatic: %(zone)s, this server's zone")
    ) % {"zone": zone_name(zone or timezone.get_default_timezone())}
    chosen = user.time_zone if chosen_zone(user.time_zone) is not None else ""
    return [("", automatic, chosen == "")] + [
        (key, f"{zone_name(zone)} · {AREAS[key]}", chosen == key) for key, zone in CHOOSABLE.items()
    ]


@rule(signed_in)
@require_POST
def own_time_zone(request: HttpRequest) -> HttpResponse:
    """The clock this person's times are shown on, everywhere they sign in; "" for their roles'."""
    assert isinstance(request.user, User)
    try:
        services.user_time_zone_set(user=request.user, time_zone=request.POST.get("time_zone", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your time zone is saved."))
    return redirect(reverse("people:password_change") + "#time-zone-choice")


# --- one's own account, and the API tokens on it ----------------------------------------------

# A token just made waits here until the account page shows it, once.
_SESSION_NEW_TOKEN = "rembuk_new_access_token"  # noqa: S105 (a session key)
# Which field of the form a refusal of access_token_create is about.
_TOKEN_FORM_FIELDS = {"name": "name", "expires_at": "lifetime"}


def _account_page(
    request: HttpRequest, form: AccessTokenForm, *, status: int = 200
) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    new_token = request.session.pop(_SESSION_NEW_TOKEN, None)
    return render(
        request,
        "people/account.html",
        {
            "memberships": selectors.own_memberships(user),
            "tokens": selectors.access_tokens_of(user),
            "form": form,
            "new_token": new_token,
            "now": timezone.now(),
            # Which clock the person's times are on, and why (LocalTimeMiddleware, ADR 0033).
            "time_zone": zone_name(timezone.get_current_timezone()),
            "time_zone_why": _time_zone_why(user),
        },
        status=status,
    )


@rule(signed_in)
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, AccessTokenForm())


@rule(signed_in)
@require_POST
def access_token_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = AccessTokenForm(request.POST)
    if form.is_valid():
        days = form.lifetime_days()
        try:
            token, plain = services.access_token_create(
                user=user,
                name=form.cleaned_data["name"],
                expires_at=timezone.now() + datetime.timedelta(days=days) if days else None,
                actor=user,
            )
        except ValidationError as error:
            refusals = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error)]
            for field, errors in refusals:
                form.add_error(_TOKEN_FORM_FIELDS.get(field or ""), errors)
        else:
            request.session[_SESSION_NEW_TOKEN] = {"id": token.pk, "plain": plain}
            return redirect(reverse("people:account") + "#token-baru")
    return _account_page(request, form, status=400)


@rule(signed_in)
@require_POST
def access_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.access_token_of(request.user, token_id)
    services.access_token_revoke(token=token, actor=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked and no longer works.") % {"name": token.name}
    )
    return redirect(reverse("people:account") + "#token")


# --- people administration (tim_program) ------------------------------------------------------


@rule(can_manage_people)
def user_list(request: HttpRequest) -> HttpResponse:
    search = UserSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(selectors.users_managed_by(request.user, query=query), USERS_PER_PAGE)
    return render(
        request,
        "people/user_list.html",
        {
            "search": search,
            "query": query,
            "page": page.get_page(request.GET.get("page")),
            "managed_on_the_hub": _managed_on_the_hub(),
        },
    )


# Which form field a refusal from the services is about, so the message shows next to it.
_ERROR_FIELDS = {
    "unknown_region": "region_code",
    "outside_scope": "region_code",
    "wrong_level": "region_code",
    "duplicate": "region_code",
    "unknown_role": "role",
    "agency_missing": "agency",
    "agency_elsewhere": "agency",
    "agency_not_allowed": "agency",
    "bad_username": "username",
    "username_taken": "username",
    "bad_email": "email",
    "name_missing": "full_name",
}


def _show_refusal(form: Form, error: ValidationError) -> None:
    for refusal in error.error_list:
        field = _ERROR_FIELDS.get(refusal.code or "")
        form.add_error(field if field in form.fields else None, refusal)


def _managed_on_the_hub() -> str:
    """On a laptop linked to a hub, what to say instead of inviting or granting: it takes its
    people and roles from the hub and never makes them (ADR 0011; a person invited here would
    lose their login with the hub's next list). Elsewhere nothing."""
    return str(MANAGED_ON_THE_HUB) if linked_to_a_hub() else ""


def _made_on_the_hub(view: Any) -> Any:
    """Inviting and granting or revoking roles: refused on a linked laptop, saying where."""

    @functools.wraps(view)
    def refused_on_a_node(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = _managed_on_the_hub()
        if refusal:
            messages.error(request, refusal)
            return redirect("people:user_list")
        return cast(HttpResponse, view(request, *args, **kwargs))

    return refused_on_a_node


def _region_options_context() -> dict[str, str]:
    return {"region_search_url": reverse("regions:region_search")}


@rule(can_manage_people)
@_made_on_the_hub
def user_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.user_invite(
                full_name=data["full_name"],
                username=data["username"],
                email=data["email"],
                phone=data["phone"],
                role=data["role"],
                region_code=data["region_code"],
                agency=data["agency"],
                actor=request.user,
            )
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            request.session[_SESSION_INVITATION] = {
                "user_id": str(invitation.user.pk),
                "password": invitation.temporary_password,
            }
            return redirect("people:user_invite_done", user_id=invitation.user.pk)
    return render(request, "people/user_invite.html", {"form": form, **_region_options_context()})


@rule(can_manage_people)
@require_GET
def agency_options(request: HttpRequest) -> HttpResponse:
    """The invitation and role forms' agency list, for the region code typed: the agencies of
    its kabupaten that this person manages (where they manage too many to list them all)."""
    code = request.GET.get("region_code", "").strip()[:20]
    agencies = selectors.agencies_of_region(selectors.agencies_for_manager(request.user), code)
    return render(
        request,
        "people/_agency_options.html",
        {"choices": [(agency.pk, agency_label(agency)) for agency in agencies]},
    )


@rule(can_manage_people)
def user_invite_done(request: HttpRequest, user_id: str) -> HttpResponse:
    """Shows the temporary password once: it leaves the session as it is shown."""
    person = selectors.user_for_manager(request.user, user_id)
    pending = request.session.get(_SESSION_INVITATION) or {}
    password = None
    if pending.get("user_id") == str(person.pk):
        password = pending["password"]
        del request.session[_SESSION_INVITATION]
    return render(
        request,
        "people/user_invite_done.html",
        {"person": person, "password": password, "login_url": site_address(request)},
    )


def _person_context(request: HttpRequest, person: User) -> dict[str, object]:
    return {
        "person": person,
        "may_take_charge": selectors.may_take_charge_of(request.user, person),
        "locked": selectors.login_locked(person),
        "managed_on_the_hub": _managed_on_the_hub(),
        **_region_options_context(),
    }


@rule(can_manage_people)
def user_detail(request: HttpRequest, user_id: str) -> HttpResponse:
    person = selectors.user_for_manager(request.user, user_id)
    form = GrantForm(actor=request.user)
    return render(
        request, "people/user_detail.html", {"form": form, **_person_context(request, person)}
    )


@rule(can_manage_people)
@_made_on_the_hub
def membership_grant(request: HttpRequest, user_id: str) -> HttpResponse:
    person = selectors.user_for_manager(request.user, user_id)
    form = GrantForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.membership_grant(
                user=person,
                role=data["role"],
                region_code=data["region_code"],
                agency=data["agency"],
                actor=request.user,
            )
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s over %(region)s.")
                % {
                    "person": person,
                    "role": membership.get_role_display(),
                    "region": membership.region.name,
                },
            )
            return redirect("people:user_detail", user_id=person.pk)
    return render(
        request,
        "people/user_detail.html",
        {"form": form, **_person_context(request, person)},
        status=400 if request.method == "POST" else 200,
    )


@rule(can_manage_people)
@require_POST
@_made_on_the_hub
def membership_revoke(request: HttpRequest, membership_id: str) -> HttpResponse:
    membership = selectors.membership_for_manager(request.user, membership_id)
    person = membership.user
    try:
        services.membership_revoke(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s is no longer %(role)s over %(region)s.")
            % {
                "person": person,
                "role": membership.get_role_display(),
                "region": membership.region.name,
            },
        )
    if selectors.still_managed_by(request.user, person):
        return redirect("people:user_detail", user_id=person.pk)
    return redirect("people:user_list")


@rule(can_manage_people)
@require_POST
def user_password_reset(request: HttpRequest, user_id: str) -> HttpResponse:
    person = selectors.user_for_manager(request.user, user_id)
    try:
        password = services.user_password_reset(user=person, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:user_detail", user_id=person.pk)
    request.session[_SESSION_INVITATION] = {"user_id": str(person.pk), "password": password}
    return redirect("people:user_invite_done", user_id=person.pk)


@rule(can_manage_people)
@require_POST
def user_unlock(request: HttpRequest, user_id: str) -> HttpResponse:
    person = selectors.user_for_manager(request.user, user_id)
    try:
        services.user_unlock(user=person, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s can log in again.") % {"person": person})
    return redirect("people:user_detail", user_id=person.pk)


@rule(signed_in)
def agency_list(request: HttpRequest, kabupaten_code: str) -> HttpResponse:
    kabupaten = region_by_code(kabupaten_code)
    if kabupaten.level != Region.Level.KABUPATEN:
        raise Http404
    return render(
        request,
        "people/agency_list.html",
        {"kabupaten": kabupaten, "agencies": selectors.agencies_of(kabupaten)},
    )
