"""The main menu: which sections a person sees, by the roles they hold.

Being in the menu is about usefulness, not permission: each page still checks its own rule.
A village team does not need the kabupaten team's meetings in its menu, even if it could read
them. The sections a person seldom opens (the list of regions, the installation, people, sync)
fold under the menu's "More", so the programme team's fourteen sections keep the header to two
lines on a laptop; "More" is marked when the open section is one of them. Memberships are
cached on the user, so this costs one query per request at most; the sections each set of roles
sees are listed once per process and language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rembuk.core.templatetags.site_urls import fixed_urls
from rembuk.people.models import Role, User
from rembuk.people.permissions import PEOPLE_ADMIN_ROLES, has_any_role, held_roles

EVERYONE = frozenset(Role.values)
VILLAGE_TO_KABUPATEN = frozenset(
    {
        Role.TIM_DESA,
        Role.FASILITATOR_DESA,
        Role.KECAMATAN,
        Role.FASILITATOR_KABUPATEN,
        Role.TIM_PROGRAM,
    }
)
KECAMATAN_AND_UP = frozenset(
    {Role.KECAMATAN, Role.FASILITATOR_KABUPATEN, Role.TIM_KABUPATEN, Role.TIM_PROGRAM}
)
KABUPATEN_TEAM = frozenset(
    {Role.FASILITATOR_KABUPATEN, Role.TIM_KABUPATEN, Role.OPD, Role.TIM_PROGRAM}
)
# Who runs sync: rembuk.sync.permissions.SYNC_ROLES, which this app cannot import (sync builds
# on people); a test holds the two equal.
SYNC_ROLES = KECAMATAN_AND_UP


@dataclass(frozen=True)
class Section:
    url_name: str
    label: Promise
    roles: frozenset[str]
    more: bool = False  # seldom opened: under the menu's "More"


MENU: tuple[Section, ...] = (
    Section("home:index", _("Home"), EVERYONE),
    Section("people:my_villages", _("My villages"), EVERYONE),
    Section("plans:plan_list", _("Plans"), EVERYONE),
    Section("monitoring:review_index", _("Monitoring"), VILLAGE_TO_KABUPATEN),
    Section("meetings:meeting_list", _("Meetings"), EVERYONE),
    Section("reports:kecamatan_report_index", _("Kecamatan reports"), KECAMATAN_AND_UP),
    Section("support:request_list", _("Support requests"), EVERYONE),
    Section("district:district_index", _("Kabupaten meetings"), KABUPATEN_TEAM),
    Section("programme:dashboard", _("Dashboards"), KECAMATAN_AND_UP),
    Section("learning:lesson_search", _("Learning"), EVERYONE),
    Section("regions:region_list", _("Regions"), EVERYONE, more=True),
    Section("operations:status", _("Installation"), frozenset({Role.TIM_PROGRAM}), more=True),
    Section("people:user_list", _("People"), PEOPLE_ADMIN_ROLES, more=True),
    Section("sync:page", _("Sync"), SYNC_ROLES, more=True),
)


# Compared by identity: each is made once per process (kept in _menus below), so base.html's
# {% fixed %} finds the menu's markup by the items' ids, not by hashing each item's fields.
@dataclass(frozen=True, eq=False)
class MenuItem:
    url: str
    label: str
    current: bool
    more: bool


# The sections each set of roles sees, with their URLs and labels, kept per process, URL
# configuration, script prefix and language (the catalogs and URLs do not change while the
# process runs): the same for everyone who holds those roles. The roles themselves are read
# from the request's memberships on every request.
_sections_seen: dict[tuple[object, ...], tuple[tuple[str, str, bool], ...]] = {}


def _sections(user: User) -> tuple[tuple[str, str, bool], ...]:
    """(url, label, more) of each section of MENU that `user` sees, by the roles they hold."""
    urls = fixed_urls()
    everything = user.is_superuser and user.is_active
    key = (urls.key, True if everything else held_roles(user))
    seen = _sections_seen.get(key)
    if seen is None:
        seen = _sections_seen[key] = tuple(
            (urls[section.url_name], str(section.label), section.more)
            for section in MENU
            if has_any_role(user, section.roles)
        )
    return seen


# The menus themselves, by the sections seen and which of them are open: a few dozen in all,
# each made once; past this many (never, with fourteen sections) they are made per request.
MOST_MENUS = 512
_menus: dict[tuple[object, ...], tuple[tuple[MenuItem, ...], tuple[MenuItem, ...]]] = {}


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"menu": (), "menu_more": ()}
    sections = _sections(user)
    path = request.path
    current = tuple([path.startswith(url) for url, _label, _more in sections])
    # Tuples of frozen items, the same ones for the same menu: base.html's {% fixed %} keeps
    # the menu's markup by them.
    menus = _menus.get((sections, current))
    if menus is None:
        items = [
            MenuItem(url, label, is_open, more)
            for (url, label, more), is_open in zip(sections, current, strict=True)
        ]
        menus = (
            tuple(item for item in items if not item.more),
            tuple(item for item in items if item.more),
        )
        if len(_menus) < MOST_MENUS:
            _menus[sections, current] = menus
    menu, menu_more = menus
    return {"menu": menu, "menu_more": menu_more}
