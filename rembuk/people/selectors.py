"""Reads about people and their villages, already limited to the reader's scope.

A people administrator (tim_program) sees the people who hold a role inside their own area, and
only those roles; anyone else is a 404. ("My villages", which shows plans, is read by
plans.selectors.)
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from rembuk.core.lookups import one_or_404
from rembuk.core.permissions import region_q
from rembuk.people.models import AccessToken, Agency, Membership, User
from rembuk.people.permissions import PEOPLE_ADMIN_ROLES, scope_codes, scope_filter
from rembuk.regions.codes import KABUPATEN, depth, kabupaten_of
from rembuk.regions.models import Region
from rembuk.regions.selectors import region_search

# --- people administration -----------------------------------------------------------------


def memberships_managed_by(actor: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(scope_filter(actor, "region__code", PEOPLE_ADMIN_ROLES))


def people_wholly_inside(codes: list[str]) -> QuerySet[User]:
    """People who hold a role inside these regions and none outside them: whose account gives
    no right anywhere else. Superusers and staff never qualify (their rights are not roles)."""
    if codes == [""]:  # everything
        inside = Membership.objects.all()
        outside = Membership.objects.none()
    else:
        inside = Membership.objects.filter(region_q("region__code", codes))
        outside = Membership.objects.exclude(region_q("region__code", codes))
    return (
        User.objects.filter(pk__in=inside.values("user_id"))
        .exclude(pk__in=outside.values("user_id"))
        .exclude(is_superuser=True)
        .exclude(is_staff=True)
    )


def users_wholly_managed_by(actor: Any) -> QuerySet[User]:
    """The people an administrator may take charge of (reset a password, unlock, issue
    credentials for): every role they hold lies inside the administrator's area."""
    codes = scope_codes(actor, PEOPLE_ADMIN_ROLES)
    if not codes:
        return User.objects.none()
    if codes == [""]:
        return User.objects.all()
    return people_wholly_inside(codes)


def may_take_charge_of(actor: Any, person: User) -> bool:
    """Whether every role the person holds lies inside the administrator's area."""
    return users_wholly_managed_by(actor).filter(pk=person.pk).exists()


def still_managed_by(actor: Any, person: User) -> bool:
    """Whether the person still holds a role inside the administrator's area."""
    return users_managed_by(actor).filter(pk=person.pk).exists()


def login_locked(user: User) -> bool:
    """Whether too many wrong passwords locked this person out (django-axes) right now."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    return AccessAttempt.objects.filter(
        username=user.username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).exists()


def users_managed_by(actor: Any, *, query: str = "") -> QuerySet[User]:
    """People holding at least one role inside the actor's area, each with those roles only."""
    in_scope = memberships_managed_by(actor)
    users = User.objects.filter(pk__in=in_scope.values("user_id"))
    query = query.strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(phone__icontains=query)
        )
    return users.prefetch_related(
        Prefetch(
            "memberships",
            queryset=in_scope.select_related("region", "agency").order_by("region__code", "role"),
            to_attr="visible_memberships",
        )
    ).order_by("first_name", "username")


def user_for_manager(actor: Any, user_id: uuid.UUID | str) -> User:
    """The person, or 404 when they hold no role inside the actor's area."""
    return one_or_404(users_managed_by(actor), pk=user_id)


def membership_for_manager(actor: Any, membership_id: uuid.UUID | str) -> Membership:
    return one_or_404(
        memberships_managed_by(actor).select_related("region", "user"), pk=membership_id
    )


def agencies_for_manager(actor: Any) -> QuerySet[Agency]:
    """The OPD of the kabupaten in (or containing part of) the actor's area."""
    return (
        Agency.objects.filter(scope_filter(actor, "kabupaten__code", PEOPLE_ADMIN_ROLES))
        .select_related("kabupaten")
        .order_by("kabupaten__code", "name")
    )


def agencies_of_region(agencies: QuerySet[Agency], region_code: str) -> QuerySet[Agency]:
    """Those of `agencies` in the kabupaten of `region_code` (none above a kabupaten)."""
    if depth(region_code) < KABUPATEN:
        return agencies.none()
    return agencies.filter(kabupaten__code=kabupaten_of(region_code))


def grantable_regions_search(user: Any, query: str) -> QuerySet[Region]:
    """Regions a people administrator may grant roles over that match the query."""
    return region_search(query, within=scope_codes(user, PEOPLE_ADMIN_ROLES))


def agencies_of(kabupaten: Region) -> QuerySet[Agency]:
    return Agency.objects.filter(kabupaten=kabupaten).order_by("name")


# --- one's own account ------------------------------------------------------------------------


def own_memberships(user: Any) -> QuerySet[Membership]:
    """The person's roles, broadest region first (their account page)."""
    return (
        Membership.objects.filter(user=user)
        .select_related("region", "agency")
        .order_by("region__code", "role")
    )


def access_tokens_of(user: Any) -> QuerySet[AccessToken]:
    """The person's own API tokens, newest first (revoked and expired ones too, for the record)."""
    return AccessToken.objects.filter(user=user).order_by("-created_at")


def access_token_of(user: Any, token_id: int | str) -> AccessToken:
    """One of the person's own tokens, or 404 (another person's token is not theirs to see)."""
    return one_or_404(access_tokens_of(user), pk=token_id)
