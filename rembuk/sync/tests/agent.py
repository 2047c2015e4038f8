"""A Rembuk install driven over stdin/stdout by the multi-process tests: one JSON command per
line in, one JSON answer per line out. It is a real separate process with its own database
(SQLITE_PATH or DATABASE_URL), node id (REMBUK_NODE_ID) and clock offset, and it syncs with
the hub over real HTTP through the same code as `manage.py sync`.

    python -m rembuk.sync.tests.agent
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import Any


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    # stdout carries the answers; anything else (command output, warnings) goes to stderr.
    channel, sys.stdout = sys.stdout, sys.stderr
    print(json.dumps({"ok": True, "ready": True}), file=channel, flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        try:
            answer = {"ok": True, "result": handle(command)}
        except Exception as error:  # report every failure to the test, which decides
            answer = {
                "ok": False,
                "kind": type(error).__name__,
                "error": str(error),
                "trace": traceback.format_exc(limit=5),
            }
        print(json.dumps(answer, default=str), file=channel, flush=True)


def handle(command: dict[str, Any]) -> Any:
    from django.apps import apps
    from django.core.management import call_command

    from rembuk.core import history
    from rembuk.core.models import ChangeLog
    from rembuk.core.nodes import local_node_id
    from rembuk.core.testing import full_plan
    from rembuk.sync import bundles, client, selectors, services, tokens
    from rembuk.sync.models import Conflict, NodeToken, Quarantine, Rejection

    op = command["op"]
    if op == "issue_token":
        _token, plain = tokens.token_issue(
            region_code=command["region"], label=command["label"], actor=None
        )
        return plain
    if op == "init":
        call_command("node_init", hub=command["hub"], token=command["token"], verbosity=0)
        return services.hub_link().region_code  # type: ignore[union-attr]
    if op == "sync":
        started = time.perf_counter()
        report = client.sync_with_hub()
        return {**report.__dict__, "seconds": time.perf_counter() - started}
    if op == "create_meeting":
        return _create_meeting(command["kecamatan"], command["desa"], command["date"])
    if op == "fill_kecamatan":
        from rembuk.regions.models import Region

        codes = list(
            Region.objects.filter(parent__code=command["kecamatan"]).values_list("code", flat=True)
        )
        for code in codes:
            full_plan(code, goals=3, activities_per_goal=10)
        for month in ("01", "04", "07", "10"):
            _create_meeting(command["kecamatan"], codes, f"2025-{month}-15")
        return len(codes)
    if op == "bulk_activities":
        return _bulk_activities(command["desa"], command["count"])
    if op == "migrate":
        from rembuk.regions.services import regions_import

        call_command("migrate", verbosity=0, interactive=False)
        regions_import()
        return True
    if op == "push_raw":
        # Unsent entries [skip:skip+count] as one batch, claiming to start after the entry
        # before them: skip > 0 makes a batch that arrives out of order (fault tests).
        link = services.hub_link()
        assert link is not None
        pending = services.outgoing(link, after=link.push_cursor, limit=None)
        skip, count = command.get("skip", 0), command["count"]
        after = pending[skip - 1]["seq"] if skip else link.push_cursor
        entries = pending[skip : skip + count]
        transport = client.HttpTransport(link.hub_url, link.token)
        payload = {"node_id": _node(), "after": after, "entries": entries, "users": []}
        try:
            return transport.call("push", payload)
        except services.SyncRefused as refusal:
            return {"refused": refusal.status, "reason": refusal.reason, **refusal.data}
    if op == "create_plan":
        plan = full_plan(
            command["desa"],
            goals=command.get("goals", 1),
            activities_per_goal=command.get("activities", 2),
        )
        return {"plan": str(plan.pk), "goals": [str(g.pk) for g in plan.goals.all()]}
    if op == "edit":
        model = apps.get_model(command["model"])
        obj = model.all_objects.get(pk=command["id"])
        history.update(obj, actor=None, **command["fields"])
        # This copy's own latest change: on a hub, a node's change to the same record may be
        # applied by another worker between the update and this read.
        latest = (
            ChangeLog.objects.filter(object_id=obj.pk, node_id=local_node_id())
            .order_by("-seq")
            .first()
        )
        return str(latest.change_id) if latest else None
    if op == "changes_of":
        return [
            {"change_id": str(c), "hlc": h, "changes": ch}
            for c, h, ch in ChangeLog.objects.filter(object_id=command["id"]).values_list(
                "change_id", "hlc", "changes"
            )
        ]
    if op == "delete":
        model = apps.get_model(command["model"])
        history.soft_delete(model.all_objects.get(pk=command["id"]), actor=None)
        return True
    if op == "get":
        model = apps.get_model(command["model"])
        row = model.all_objects.filter(pk=command["id"]).values().first()
        return row
    if op == "count":
        model = apps.get_model(command["model"])
        return model.all_objects.count()
    if op == "log_ids":
        return sorted(
            str(c)
            for c in ChangeLog.objects.exclude(model_label="regions.region").values_list(
                "change_id", flat=True
            )
        )
    if op == "conflicts":
        return list(
            Conflict.objects.values("kind", "field_name", "winning_value", "losing_value", "status")
        )
    if op == "quarantine":
        return list(Quarantine.objects.values("change_id", "code", "reason", "source_node"))
    if op == "push_forged":
        # A node's token used as an attacker would: any entries and people, as given.
        link = services.hub_link()
        assert link is not None
        transport = client.HttpTransport(link.hub_url, link.token)
        payload = {"node_id": _node(), "after": 0, "entries": command["entries"]}
        payload.update(command.get("extra", {}))
        try:
            return transport.call("push", payload)
        except services.SyncRefused as refusal:
            return {"refused": refusal.status, "reason": refusal.reason}
    if op == "call_forged":
        # Any endpoint with any payload, as a node's token used by an attacker.
        link = services.hub_link()
        assert link is not None
        transport = client.HttpTransport(link.hub_url, link.token)
        try:
            return transport.call(command["endpoint"], {"node_id": _node(), **command["payload"]})
        except services.SyncRefused as refusal:
            return {"http_status": refusal.status, "reason": refusal.reason}
    if op == "tokens":
        return {
            token.node_id: {
                "push_cursor": token.push_cursor,
                "push_change_id": token.push_change_id,
                "pull_cursor": token.pull_cursor,
                "return_own_until": token.return_own_until,
            }
            for token in NodeToken.objects.exclude(node_id="")
        }
    if op == "log_place":
        row = ChangeLog.objects.filter(object_id=command["id"]).order_by("-seq").first()
        assert row is not None
        return {"seq": row.seq, "change_id": str(row.change_id), "node_id": row.node_id}
    if op == "last_seq":
        return ChangeLog.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    if op == "make_person":
        from rembuk.core.testing import user_with_role

        return str(user_with_role(command["role"], command["region"]).pk)
    if op == "log_entry":
        return (
            ChangeLog.objects.filter(change_id=command["change_id"])
            .values("actor_id", "actor_label", "scope_code", "hlc")
            .first()
        )
    if op == "post_bomb":
        return _post_bomb(command["megabytes"])
    if op == "fingerprint":
        return _fingerprint(command["region"])
    if op == "hlc_duplicates":
        from django.db.models import Count

        return ChangeLog.objects.values("hlc").annotate(n=Count("seq")).filter(n__gt=1).count()
    if op == "values":
        model = apps.get_model(command["model"])
        rows = model.all_objects.filter(**command.get("filter", {})).order_by("pk")
        return [
            {k: str(v) for k, v in row.items()}
            for row in rows.values("pk", "is_deleted", *command["fields"])
        ]
    if op == "rejections":
        return list(Rejection.objects.values_list("reason", flat=True))
    if op == "waiting":
        link = services.hub_link()
        return selectors.waiting_count(link) if link else None
    if op == "export":
        call_command("sync_export", output=command["path"], node=command.get("node"), verbosity=0)
        return os.path.getsize(command["path"])
    if op == "import":
        with open(command["path"], "rb") as bundle:
            result = bundles.bundle_import(bundle.read())
        return result.__dict__
    if op == "revoke":
        tokens.token_revoke(token=NodeToken.objects.get(node_id=command["node"]), actor=None)
        return True
    raise ValueError(f"unknown op {op}")


def _create_meeting(kecamatan: str, desa_codes: list[str], date: str) -> str:
    """A meeting with one sheet per desa: per goal a challenge, two follow-ups, a review."""
    from rembuk.core import history
    from rembuk.core.testing import region
    from rembuk.meetings import models as m
    from rembuk.plans.models import LivelihoodPlan

    meeting = history.create(
        m.CoordinationMeeting,
        actor=None,
        kecamatan=region(kecamatan),
        date=date,
        place="Aula kantor camat",
        purpose="Berbagi pembelajaran antar desa",
    )
    for position, code in enumerate(desa_codes):
        plan = LivelihoodPlan.objects.filter(desa__code=code).first()
        sheet = history.create(
            m.MeetingSheet,
            actor=None,
            meeting=meeting,
            desa=region(code),
            plan=plan,
            position=position,
            representatives="Kepala desa, sekretaris desa, 2 kader",
        )
        for goal in plan.goals.all() if plan else []:
            challenge = history.create(
                m.Challenge,
                actor=None,
                sheet=sheet,
                goal=goal,
                text="Penyuluh pertanian belum datang sejak tiga bulan",
                cause="Jalan rusak saat musim hujan",
                learning="Desa tetangga meminta jadwal tetap dari dinas",
            )
            for kind, text in (
                ("aksi_desa", "Kepala desa mengirim surat ke dinas pertanian"),
                ("dukungan_kecamatan", "Kecamatan membahas jadwal penyuluh di rapat OPD"),
            ):
                history.create(
                    m.FollowUp,
                    actor=None,
                    sheet=sheet,
                    challenge=challenge,
                    goal=goal,
                    text=text,
                    kind=kind,
                )
            history.create(
                m.GoalReview,
                actor=None,
                sheet=sheet,
                goal=goal,
                result="sebagian",
                factors="Harga jagung turun saat panen",
            )
    return str(meeting.pk)


def _bulk_activities(desa: str, count: int) -> int:
    from rembuk.core import history
    from rembuk.core.testing import GoalFactory, MilestoneFactory, PlanFactory, region
    from rembuk.plans.models import Activity

    goal = GoalFactory(plan=PlanFactory(desa=region(desa), period_start=2030, period_end=2031))
    milestone = MilestoneFactory(goal=goal)
    activities = [
        Activity(goal=goal, milestone=milestone, position=i, name=f"Kegiatan {i}")
        for i in range(count - 3)
    ]
    history.bulk_create(Activity, activities, actor=None, batch_size=1000)
    return count


def _post_bomb(megabytes: int) -> dict[str, Any]:
    """A gzip body that inflates to `megabytes` MB, sent with this node's token."""
    import urllib.error
    import urllib.request
    import zlib

    from rembuk.sync import services

    link = services.hub_link()
    assert link is not None
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1024 * 1024)
    head = json.dumps({"node_id": _node(), "after": 0, "entries": []})[:-1] + ',"x":"'
    body = compressor.compress(head.encode())
    body += b"".join(compressor.compress(block) for _ in range(megabytes))
    body += compressor.compress(b'"}') + compressor.flush()
    request = urllib.request.Request(  # noqa: S310 - the hub under test, on loopback
        f"{link.hub_url}push/",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {link.token}", "Content-Encoding": "gzip"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return {"status": response.status, "sent": len(body)}
    except urllib.error.HTTPError as error:
        reason = services.decode(error.read()).get("reason", "")
        return {"status": error.code, "reason": reason, "sent": len(body)}


def _fingerprint(region: str) -> dict[str, Any]:
    """What lies outside `region` on this install: every replicated record outside it (id,
    version, tombstone), every person (password hash and flags) and the log entries outside it;
    equal fingerprints mean nothing there changed."""
    import hashlib

    from django.apps import apps
    from django.contrib.auth import get_user_model

    from rembuk.core.models import ChangeLog, ReplicatedModel
    from rembuk.core.permissions import region_q

    inside = ChangeLog.objects.filter(region_q("scope_code", [region])).values("object_id")
    digest = hashlib.sha256()
    records = 0
    for model in apps.get_models():
        if issubclass(model, ReplicatedModel) and model._meta.label_lower != "regions.region":
            rows = (
                model.all_objects.exclude(pk__in=inside)
                .order_by("pk")
                .values_list("pk", "version", "is_deleted")
            )
            for row in rows:
                digest.update(repr(row).encode())
                records += 1
    people = get_user_model().objects.order_by("pk")
    for person in people.values_list("pk", "username", "password", "is_active", "is_staff"):
        digest.update(repr(person).encode())
    outside_log = ChangeLog.objects.exclude(region_q("scope_code", [region])).count()
    return {
        "digest": digest.hexdigest(),
        "records": records,
        "people": people.count(),
        "log_outside": outside_log,
    }


def _node() -> str:
    from rembuk.core.nodes import local_node_id

    return local_node_id()


if __name__ == "__main__":
    main()
