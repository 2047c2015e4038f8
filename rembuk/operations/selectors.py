"""How this installation is: what `rembuk status`, the status page and /healthz show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

import rembuk
from rembuk.core.print_setup import PrintSetup, print_setup
from rembuk.operations import database, locks, services


@dataclass
class BackupInfo:
    path: Path
    size: int
    made_at: datetime.datetime


@dataclass
class NodeLag:
    label: str
    region_code: str
    node_id: str
    last_seen_at: datetime.datetime | None
    pending: int


@dataclass
class InstallationStatus:
    version: str
    data_dir: Path
    database: str
    database_ok: bool
    problems: list[str] = field(default_factory=list)
    pending_migrations: int = 0
    server: dict[str, Any] = field(default_factory=dict)
    last_backup: BackupInfo | None = None
    backups: int = 0
    is_hub: bool = False
    nodes: list[NodeLag] = field(default_factory=list)
    hub_url: str = ""
    last_sync_at: datetime.datetime | None = None
    sync_waiting: int = 0
    sync_problem: Any = None  # rembuk.sync.problems.SyncProblem of the last sync, if it failed
    tasks: dict[str, int] | None = None  # by status; None when the database cannot say
    # The fonts and libraries PDFs are laid out with: a warning, not a problem (PDFs still print).
    printing: PrintSetup | None = None

    @property
    def healthy(self) -> bool:
        return self.database_ok and not self.problems


def _last_backup() -> tuple[BackupInfo | None, int]:
    found = services.backups_list()
    if not found:
        return None, 0
    newest = found[0]
    stat = newest.stat()
    made = datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC)
    return BackupInfo(newest, stat.st_size, made), len(found)


def database_health() -> tuple[bool, list[str], int]:
    """Reachable, and at this version's schema? (for /healthz too: a few cheap queries)."""
    try:
        database.ensure_reachable()
        state = database.schema_state()
    except database.DatabaseUnavailable as error:
        return False, [str(error)], 0
    problems = []
    if state.unknown:
        problems.append(str(database.refuse_newer(state.unknown, what=_("The database"))))
    elif state.pending:
        problems.append(
            _("%(count)s migrations are waiting: run `rembuk upgrade`.")
            % {"count": len(state.pending)}
        )
    return True, problems, len(state.pending)


def installation_status(user: Any = None) -> InstallationStatus:
    ok, problems, pending = database_health()
    status = InstallationStatus(
        version=rembuk.version(),
        data_dir=Path(settings.DATA_DIR),
        database=database.describe(),
        database_ok=ok,
        problems=problems,
        pending_migrations=pending,
        server=locks.holder_info(locks.SERVER) if locks.is_held(locks.SERVER) else {},
    )
    status.last_backup, status.backups = _last_backup()
    status.printing = print_setup()
    if not ok or pending:
        return status
    _sync_status(status, user)
    _task_counts(status)
    return status


def _sync_status(status: InstallationStatus, user: Any) -> None:
    """The hub link and the nodes: on the page, only the nodes of the viewer's regions (the
    sync tokens' own scope); from the shell (`user=None`), every node."""
    from rembuk.sync import selectors as sync_selectors
    from rembuk.sync import services as sync_services
    from rembuk.sync.problems import recorded_problem

    link = sync_services.hub_link()
    if link is not None:
        status.hub_url = link.hub_url
        status.last_sync_at = link.last_success_at
        status.sync_waiting = sync_selectors.waiting_count(link)
        status.sync_problem = recorded_problem(link)
    rows = [row for row in sync_selectors.tokens_overview(user) if row.token.is_active]
    status.is_hub = bool(rows)
    status.nodes = [
        NodeLag(
            row.token.label,
            row.token.region_code,
            row.token.node_id,
            row.token.last_seen_at,
            row.pending,
        )
        for row in rows
    ]


def _task_counts(status: InstallationStatus) -> None:
    from django_tasks_db.models import DBTaskResult

    status.tasks = dict(
        DBTaskResult.objects.filter(finished_at__isnull=True)
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )


def is_stale(made_at: datetime.datetime | None, *, hours: int = 36) -> bool:
    return made_at is None or timezone.now() - made_at > datetime.timedelta(hours=hours)
