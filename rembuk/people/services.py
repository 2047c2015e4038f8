"""Writes about people: invitations, role grants and revocations, passwords, language, agencies.

Owns these rules:
- A role is granted only over a region inside the granting person's own people-admin scope
  (tim_program), at the level the role is meant for (ROLE_LEVELS: no tim_desa over a kabupaten).
- An `opd` membership names an agency of the region's own kabupaten; other roles name none.
- A person holds a given role over a given region once (no duplicate memberships).
- Revoking is a soft delete through the change log, and nobody revokes their own programme-team
  role (so the last administrator of an area cannot lock everyone out by accident).
- An invited person gets a generated temporary password and must choose their own at first login.
- The standard OPD list of a kabupaten is seeded idempotently.
- A personal access token (for the API) is made by its own person, named, shown once and stored
  as a hash; it may expire, is revoked by its person, and stops working with its person (an
  inactive account). A person holds at most MAX_ACCESS_TOKENS live tokens.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.people.models import ROLE_LEVELS, AccessToken, Agency, Membership, Role, User
from rembuk.people.permissions import (
    PEOPLE_ADMIN_ROLES,
    can_grant_over,
    forget_memberships,
    scope_codes,
)
from rembuk.people.selectors import users_wholly_managed_by
from rembuk.regions.codes import covers
from rembuk.regions.models import Region
from rembuk.regions.time_zones import chosen_zone

# The OPD that take part in the kabupaten team (docs/mechanism.md#tim-kabupaten). Proper names:
# never translated.
STANDARD_AGENCIES: tuple[tuple[str, str], ...] = (
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("Bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("Distan", "Dinas Pertanian"),
    ("Diskan", "Dinas Perikanan"),
    ("Perindagkop", "Dinas Perindustrian, Perdagangan, Koperasi dan UKM"),
    ("Setda", "Sekretariat Daerah"),
    ("Disnak", "Dinas Peternakan"),
)

# Letters and digits that cannot be confused when read aloud or copied from a phone screen.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (an alphabet)


def temporary_password_generate() -> str:
    """Three groups of four characters, e.g. `k7mp-3xra-w9te`: easy to dictate by phone."""
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


@dataclass(frozen=True)
class Invitation:
    user: User
    membership: Membership
    temporary_password: str


def _region_by_code(code: str) -> Region:
    code = code.strip()
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        raise ValidationError(
            _("No region has the code “%(code)s”. Type a code such as 53.18.11.2006 or pick one.")
            % {"code": code},
            code="unknown_region",
        ) from None


def _check_grant(
    *, actor: Any, user: User | None, role: str, region: Region, agency: Agency | None
) -> None:
    """Every rule a grant must pass, shared by invitations and later grants."""
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."), code="unknown_role")
    if not can_grant_over(actor, region.code):
        raise ValidationError(
            _(
                "%(region)s (%(code)s) is outside your area. You can grant roles only over "
                "regions in: %(scopes)s."
            )
            % {
                "region": region.name,
                "code": region.code,
                "scopes": ", ".join(scope_codes(actor, PEOPLE_ADMIN_ROLES)) or "—",
            },
            code="outside_scope",
        )
    levels = ROLE_LEVELS[role]
    if region.level not in levels:
        raise ValidationError(
            _(
                "The role “%(role)s” is granted over a %(levels)s, not over a %(level)s. "
                "Choose a region at the right level."
            )
            % {
                "role": Role(role).label,
                "levels": " / ".join(str(Region.Level(level).label) for level in levels),
                "level": Region.Level(region.level).label,
            },
            code="wrong_level",
        )
    if role == Role.OPD:
        if agency is None:
            raise ValidationError(
                _("OPD staff must belong to an agency. Choose the agency."), code="agency_missing"
            )
        if not covers(agency.kabupaten.code, region.code):
            raise ValidationError(
                _("%(agency)s belongs to %(kabupaten)s, not to %(region)s.")
                % {
                    "agency": agency.short_name,
                    "kabupaten": agency.kabupaten.name,
                    "region": region.name,
                },
                code="agency_elsewhere",
            )
    elif agency is not None:
        raise ValidationError(
            _("Only OPD staff belong to an agency. Leave the agency empty for this role."),
            code="agency_not_allowed",
        )
    if user is not None and Membership.objects.filter(user=user, role=role, region=region).exists():
        raise ValidationError(
            _("%(person)s already has the role “%(role)s” over %(region)s.")
            % {"person": str(user), "role": Role(role).label, "region": region.name},
            code="duplicate",
        )


@transaction.atomic
def membership_grant(
    *, user: User, role: str, region_code: str, agency: Agency | None = None, actor: Any
) -> Membership:
    region = _region_by_code(region_code)
    _check_grant(actor=actor, user=user, role=role, region=region, agency=agency)
    membership = history.create(
        Membership, actor=actor, user=user, role=role, region=region, agency=agency
    )
    forget_memberships(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: Any) -> None:
    if not can_grant_over(actor, membership.region.code):
        raise ValidationError(
            _("%(region)s is outside your area; you cannot revoke this role.")
            % {"region": membership.region.name},
            code="outside_scope",
        )
    if membership.user_id == getattr(actor, "pk", None) and membership.role in PEOPLE_ADMIN_ROLES:
        raise ValidationError(
            _("You cannot revoke your own programme-team role. Ask another team member."),
            code="own_admin_role",
        )
    history.soft_delete(membership, actor=actor)
    forget_memberships(membership.user)


def _check_new_user(*, username: str, email: str) -> None:
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ValidationError(
            _("A username may contain only letters, digits and . _ - (no spaces)."),
            code="bad_username",
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            _("The username “%(username)s” is already taken. Choose another one.")
            % {"username": username},
            code="username_taken",
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                _("“%(email)s” is not an email address.") % {"email": email}, code="bad_email"
            ) from None


@transaction.atomic
def user_invite(
    *,
    full_name: str,
    username: str,
    email: str = "",
    phone: str = "",
    role: str,
    region_code: str,
    agency: Agency | None = None,
    actor: Any,
) -> Invitation:
    """Create a person with one role over one region and a temporary password to pass on."""
    full_name, username, email, phone = (
        full_name.strip(),
        username.strip(),
        email.strip(),
        phone.strip(),
    )
    if not full_name:
        raise ValidationError(_("Enter the person's full name."), code="name_missing")
    # Check the grant before creating anyone, so a refused grant leaves no orphan account.
    region = _region_by_code(region_code)
    _check_grant(actor=actor, user=None, role=role, region=region, agency=agency)
    _check_new_user(username=username, email=email)
    password = temporary_password_generate()
    # Indonesian names do not split reliably into first and last names: keep the name whole.
    user = User(
        username=username,
        first_name=full_name[:150],
        email=email,
        phone=phone,
        must_change_password=True,
    )
    user.set_password(password)
    user.profile_hlc = history.new_stamp()
    user.save()
    membership = history.create(
        Membership, actor=actor, user=user, role=role, region=region, agency=agency
    )
    return Invitation(user=user, membership=membership, temporary_password=password)


def check_takes_charge(*, user: User, actor: Any) -> None:
    """An administrator may reset the password of (or unlock) only a person whose every role
    lies inside the administrator's area: otherwise taking over the account would give rights
    elsewhere. `actor=None` is the operator at the server's shell."""
    if actor is None:
        return
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError(_("You cannot do this for your own account."), code="own_account")
    if not users_wholly_managed_by(actor).filter(pk=user.pk).exists():
        raise ValidationError(
            _(
                "%(person)s also holds a role outside your area, so only an administrator of "
                "every region where they work can do this."
            )
            % {"person": str(user)},
            code="outside_scope",
        )


def _set_password(user: User, password: str, *, must_change: bool) -> None:
    # The reading lets the later of two changes win between a hub and a node (rembuk.sync.people).
    user.set_password(password)
    user.must_change_password = must_change
    user.profile_hlc = history.new_stamp(after=user.profile_hlc)
    user.save(update_fields=["password", "must_change_password", "profile_hlc"])


@transaction.atomic
def user_password_reset(*, user: User, actor: Any) -> str:
    """A new temporary password for someone who lost theirs; they must change it again."""
    check_takes_charge(user=user, actor=actor)
    password = temporary_password_generate()
    _set_password(user, password, must_change=True)
    return password


def user_unlock(*, user: User, actor: Any) -> int:
    """Let someone locked out after too many wrong passwords try again now (django-axes);
    returns how many failed attempts were cleared."""
    from axes.utils import reset

    check_takes_charge(user=user, actor=actor)
    return int(reset(username=user.username))


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> None:
    """The person chose their own password: the invitation's temporary one is gone."""
    _set_password(user, new_password, must_change=False)


def user_language_set(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_time_zone_set(*, user: User, time_zone: str) -> None:
    """The clock the person's times are shown on: one of time_zones.CHOOSABLE, or "" for their
    roles' zone."""
    if time_zone and chosen_zone(time_zone) is None:
        raise ValidationError(_("Choose one of the time zones offered."), code="unknown_zone")
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])


@transaction.atomic
def agencies_seed(*, kabupaten: Region, actor: Any) -> list[Agency]:
    """Create the standard OPD of a kabupaten that it does not have yet. Returns those created.

    An agency deleted on purpose (a tombstone) is not brought back.
    """
    if kabupaten.level != Region.Level.KABUPATEN:
        raise ValidationError(
            _("%(region)s is not a kabupaten.") % {"region": kabupaten.name}, code="not_kabupaten"
        )
    existing = set(
        Agency.all_objects.filter(kabupaten=kabupaten).values_list("short_name", flat=True)
    )
    created = []
    for short_name, name in STANDARD_AGENCIES:
        if short_name not in existing:
            created.append(
                history.create(
                    Agency, actor=actor, kabupaten=kabupaten, name=name, short_name=short_name
                )
            )
    return created


# --- personal access tokens (the API) ---------------------------------------------------------

ACCESS_TOKEN_PREFIX = "rbk_"  # noqa: S105 (a marker, not a secret)
MAX_ACCESS_TOKENS = 20
# Shown in the list so a person recognises a token: the marker and a few characters.
_SHOWN_CHARACTERS = 10


def access_token_hash(plain: str) -> str:
    """A token has 256 random bits, so a plain SHA-256 is enough (no salt, no stretching)."""
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def access_token_create(
    *, user: User, name: str, expires_at: datetime.datetime | None, actor: Any
) -> tuple[AccessToken, str]:
    """A new token for `user`, made by that same person. Returns it with its plain text, which
    is never stored and cannot be shown again."""
    if actor is None or actor.pk != user.pk:
        raise ValidationError(_("A person makes their own tokens."), code="not_own")
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": _("Name the token after the program that will use it.")}, code="required"
        )
    limit = AccessToken._meta.get_field("name").max_length
    if limit and len(name) > limit:
        raise ValidationError(
            {"name": _("The name is too long: at most %(limit)d characters.") % {"limit": limit}},
            code="too_long",
        )
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise ValidationError(
            {"expires_at": _("The expiry date must lie in the future.")}, code="past"
        )
    live = AccessToken.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    if live.count() >= MAX_ACCESS_TOKENS:
        raise ValidationError(
            _("You already have %(count)d tokens. Revoke one you no longer use first.")
            % {"count": MAX_ACCESS_TOKENS},
            code="too_many",
        )
    plain = ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        prefix=plain[:_SHOWN_CHARACTERS],
        token_hash=access_token_hash(plain),
        expires_at=expires_at,
    )
    return token, plain


def access_token_revoke(*, token: AccessToken, actor: Any) -> AccessToken:
    """Revoke one of the actor's own tokens; revoking twice changes nothing."""
    if actor is None or actor.pk != token.user_id:
        raise ValidationError(_("A person revokes their own tokens."), code="not_own")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


class AccessTokenRefused(Exception):
    """The token presented cannot be used; `code` says why (unknown, revoked, expired,
    inactive)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def access_token_authenticate(plain: str) -> AccessToken:
    """The live token `plain` names, with its person; AccessTokenRefused otherwise."""
    if not plain.startswith(ACCESS_TOKEN_PREFIX) or len(plain) > 200:
        raise AccessTokenRefused("unknown")
    token = (
        AccessToken.objects.select_related("user")
        .filter(token_hash=access_token_hash(plain))
        .first()
    )
    if token is None:
        raise AccessTokenRefused("unknown")
    if token.revoked_at is not None:
        raise AccessTokenRefused("revoked")
    if token.expires_at is not None and token.expires_at <= timezone.now():
        raise AccessTokenRefused("expired")
    if not token.user.is_active:
        raise AccessTokenRefused("inactive")
    return token


def access_token_record_use(*, token: AccessToken, window: datetime.timedelta) -> int:
    """Stamp the token as used now and count the request in its current window (which starts
    with the first request after the previous one ended). Returns the count so far, this
    request included. Two statements; the counter lives in the database so every server
    process counts against the same limit."""
    now = timezone.now()
    counted = AccessToken.objects.filter(pk=token.pk, window_started_at__gt=now - window).update(
        window_count=F("window_count") + 1, last_used_at=now
    )
    if not counted:
        AccessToken.objects.filter(pk=token.pk).update(
            window_started_at=now, window_count=1, last_used_at=now
        )
        token.window_started_at, token.window_count = now, 1
        return 1
    fresh = AccessToken.objects.filter(pk=token.pk).values_list(
        "window_started_at", "window_count"
    )[0]
    token.window_started_at, token.window_count = fresh
    return int(fresh[1])
