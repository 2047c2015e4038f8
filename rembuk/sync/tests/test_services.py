"""The sync rules (rembuk.sync.services) on a hub and nodes simulated in one process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core import history
from rembuk.core.models import ChangeLog
from rembuk.core.testing import GoalFactory, PlanFactory, full_plan, region, user_with_role
from rembuk.people.models import Agency, Role
from rembuk.plans.models import Goal, LivelihoodPlan
from rembuk.sync import bundles, merge, selectors, services, tokens
from rembuk.sync.models import Conflict, NodeToken, Quarantine, Rejection
from rembuk.sync.tests.simnodes import SimNode

KODI = "53.18.11"
DESA = "53.18.11.2006"


def test_a_plan_made_on_a_node_reaches_the_hub_and_an_edit_on_the_hub_comes_back(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        plan = full_plan(DESA, goals=1, activities_per_goal=2)
    report = network.sync("a")
    assert report.pushed == 1 + 1 + 1 + 2  # plan, goal, milestone, 2 activities
    with network.hub.active():
        goal = Goal.objects.get(plan_id=plan.id)
        history.update(goal, actor=None, statement="Diubah di kabupaten")
        assert ChangeLog.objects.get(object_id=plan.id).node_id == "a"
    network.sync("a")
    with network.nodes["a"].active():
        assert Goal.objects.get(plan_id=plan.id).statement == "Diubah di kabupaten"


def test_resending_the_same_batch_changes_nothing(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
        entries = services.outgoing(services.hub_link(), after=0, limit=None)
    transport = network.transports["a"]
    payload = {"node_id": "a", "after": 0, "entries": entries, "users": []}
    first = transport.call("push", payload)
    with network.hub.active():
        count = ChangeLog.objects.count()
    second = transport.call("push", payload)
    assert first["acked"] == second["acked"]
    assert second["applied"] == 0
    with network.hub.active():
        assert ChangeLog.objects.count() == count


def test_a_lost_acknowledgement_is_recovered_by_syncing_again(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
    network.transports["a"].fail_next = "push"
    with pytest.raises(services.SyncUnavailable):
        network.sync("a")
    network.sync("a")
    with network.hub.active():
        assert LivelihoodPlan.objects.count() == 1
    with network.nodes["a"].active():
        assert selectors.waiting_count(services.hub_link()) == 0


def test_a_batch_that_skips_ahead_is_refused_and_the_node_resumes_from_the_hub_cursor(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
        entries = services.outgoing(services.hub_link(), after=0, limit=None)
    late = {"node_id": "a", "after": entries[0]["seq"], "entries": entries[1:], "users": []}
    with pytest.raises(services.SyncRefused) as refused:
        network.transports["a"].call("push", late)
    assert refused.value.status == 409
    assert refused.value.data["expected_after"] == 0
    network.sync("a")
    with network.hub.active():
        assert LivelihoodPlan.objects.count() == 1


def test_a_record_outside_the_node_region_is_refused_quarantined_and_shown_as_rejected(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        outside = PlanFactory(desa=region("81.05.15.2001"))
    report = network.sync("a")
    assert report.refused == 1
    with network.hub.active():
        assert not LivelihoodPlan.all_objects.filter(pk=outside.pk).exists()
        quarantined = Quarantine.objects.get()
        assert quarantined.code == "out_of_scope"
        assert "81.05.15.2001" in quarantined.reason
    with network.nodes["a"].active():
        assert "outside" in Rejection.objects.get().reason


def test_a_node_receives_its_kecamatan_and_reference_data_but_not_other_kecamatan(network):
    with network.hub.active():
        ours = PlanFactory(desa=region(DESA))
        theirs = PlanFactory(
            desa=region("53.18.10.2001") if _has("53.18.10.2001") else region("81.05.15.2001")
        )
    network.add_node("a", KODI)
    network.sync("a")
    with network.nodes["a"].active():
        assert LivelihoodPlan.objects.filter(pk=ours.pk).exists()
        assert not LivelihoodPlan.objects.filter(pk=theirs.pk).exists()


def _has(code: str) -> bool:
    from rembuk.regions.models import Region

    return Region.objects.filter(code=code).exists()


def test_edits_to_different_fields_on_two_nodes_merge(network):
    network.add_node("a", KODI)
    network.add_node("b", KODI)
    with network.nodes["a"].active():
        goal = GoalFactory(plan=PlanFactory(desa=region(DESA)), statement="awal", target="awal")
    network.sync("a")
    network.sync("b")
    with network.nodes["a"].active():
        history.update(Goal.objects.get(pk=goal.pk), actor=None, statement="dari a")
    with network.nodes["b"].active():
        history.update(Goal.objects.get(pk=goal.pk), actor=None, target="dari b")
    for name in ("a", "b", "a"):
        network.sync(name)
    for node in (network.hub, *network.nodes.values()):
        with node.active():
            merged = Goal.objects.get(pk=goal.pk)
            assert (merged.statement, merged.target) == ("dari a", "dari b")
            assert not Conflict.objects.exists()


def test_the_same_cell_edited_on_two_nodes_converges_and_the_loser_is_kept_on_every_side(network):
    network.add_node("a", KODI)
    network.add_node("b", KODI)
    with network.nodes["a"].active():
        goal = GoalFactory(plan=PlanFactory(desa=region(DESA)), statement="awal")
    network.sync("a")
    network.sync("b")
    with network.nodes["a"].active():
        history.update(Goal.objects.get(pk=goal.pk), actor=None, statement="versi a")
    with network.nodes["b"].active():
        history.update(Goal.objects.get(pk=goal.pk), actor=None, statement="versi b")
    for name in ("a", "b", "a"):
        network.sync(name)
    for node in (network.hub, *network.nodes.values()):
        with node.active():
            assert Goal.objects.get(pk=goal.pk).statement == "versi b"  # b wrote later
            conflict = Conflict.objects.get()
            assert (conflict.losing_value, conflict.winning_value) == ("versi a", "versi b")
            assert conflict.status == Conflict.Status.OPEN


def test_skewed_clocks_still_converge_and_a_later_edit_wins_after_seeing_the_other(network):
    hours = 3 * 3600 * 1000
    network.add_node("fast", KODI, offset_ms=hours)
    network.add_node("slow", KODI, offset_ms=-hours)
    with network.nodes["fast"].active():
        goal = GoalFactory(plan=PlanFactory(desa=region(DESA)), statement="dari jam cepat")
    network.sync("fast")
    network.sync("slow")
    with network.nodes["slow"].active():
        # The slow node saw the fast node's change, so its own later edit must win everywhere.
        history.update(Goal.objects.get(pk=goal.pk), actor=None, statement="dari jam lambat")
    network.sync("slow")
    network.sync("fast")
    for node in (network.hub, *network.nodes.values()):
        with node.active():
            assert Goal.objects.get(pk=goal.pk).statement == "dari jam lambat"
            assert not Conflict.objects.exists()


def test_an_edit_on_a_node_to_a_record_the_hub_deleted_stays_deleted_and_is_kept(network):
    network.add_node("a", KODI)
    with network.hub.active():
        goal = GoalFactory(plan=PlanFactory(desa=region(DESA)), statement="awal")
    network.sync("a")
    with network.hub.active():
        history.soft_delete(Goal.objects.get(pk=goal.pk), actor=None)
    with network.nodes["a"].active():
        history.update(Goal.objects.get(pk=goal.pk), actor=None, statement="diubah di desa")
    network.sync("a")
    for node in (network.hub, network.nodes["a"]):
        with node.active():
            assert Goal.all_objects.get(pk=goal.pk).is_deleted
            conflict = Conflict.objects.get()
            assert conflict.kind == Conflict.Kind.DELETED
            assert conflict.losing_value == {"statement": "diubah di desa"}


def test_resolving_a_conflict_by_keeping_the_losing_value_is_a_normal_edit_that_travels(network):
    network.add_node("a", KODI)
    network.add_node("b", KODI)
    with network.nodes["a"].active():
        goal = GoalFactory(plan=PlanFactory(desa=region(DESA)), statement="awal")
    network.sync("a")
    network.sync("b")
    with network.nodes["a"].active():
        history.update(Goal.objects.get(pk=goal.pk), actor=None, statement="versi a")
    with network.nodes["b"].active():
        history.update(Goal.objects.get(pk=goal.pk), actor=None, statement="versi b")
    for name in ("a", "b", "a"):
        network.sync(name)
    with network.nodes["a"].active():
        services.conflict_resolve(conflict=Conflict.objects.get(), keep="losing", actor=None)
    for name in ("a", "b"):
        network.sync(name)
    for node in (network.hub, *network.nodes.values()):
        with node.active():
            assert Goal.objects.get(pk=goal.pk).statement == "versi a"
            assert Conflict.objects.get().status == Conflict.Status.RESOLVED


def _agencies_and_a_plan_on_the_hub(network: Any) -> None:
    with network.hub.active():
        for short_name in ("DPMD", "Distan"):
            history.create(
                Agency,
                actor=None,
                kabupaten=region("53.18"),
                name=f"Dinas {short_name}",
                short_name=short_name,
            )
        PlanFactory(desa=region(DESA))


def test_a_sync_counts_the_shared_regions_agencies_and_roles_it_received_apart(network):
    network.add_node("a", KODI)
    _agencies_and_a_plan_on_the_hub(network)
    report = network.sync("a")
    assert (report.pulled, report.pulled_reference) == (3, 2)
    assert network.sync("a").pulled_reference == 0


def test_a_laptop_importing_the_hubs_bundle_is_told_how_many_changes_are_shared_data(network):
    """A laptop's first bundle brings its kabupaten's regions: "189 applied" for one plan puzzles
    a person unless the page says that most of them are the data the hub shares."""
    network.add_node("a", KODI)
    _agencies_and_a_plan_on_the_hub(network)
    with network.hub.active():
        data = bundles.bundle_export_for_node(NodeToken.objects.get())
    with network.nodes["a"].active():
        client = Client()
        client.force_login(user_with_role(Role.KECAMATAN, KODI))
        response = client.post(
            reverse("sync:bundle_upload"),
            {"bundle": SimpleUploadedFile("dari-hub.rembuk", data)},
            follow=True,
        )
        told = [str(message) for message in response.context["messages"]]
        assert told == [
            "Paket diimpor: 3 diterapkan, 188 sudah ada, 0 ditolak.",
            "Dari jumlah itu, 2 adalah data wilayah, OPD dan peran yang dibagikan hub.",
        ]
        assert LivelihoodPlan.objects.count() == 1


def test_bundles_carry_changes_both_ways_and_importing_twice_changes_nothing(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        plan = PlanFactory(desa=region(DESA))
        to_hub = bundles.bundle_export_from_node()
    with network.hub.active():
        first = bundles.bundle_import(to_hub)
        again = bundles.bundle_import(to_hub)
        assert (first.applied, again.applied, again.already_here) == (1, 0, 1)
        history.update(LivelihoodPlan.objects.get(pk=plan.pk), actor=None, notes="dari hub")
        to_node = bundles.bundle_export_for_node(NodeToken.objects.get())
    with network.nodes["a"].active():
        bundles.bundle_import(to_node)
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "dari hub"
        # The hub's bundle acknowledged the node's change, so nothing waits any more.
        assert selectors.waiting_count(services.hub_link()) == 0


def test_a_tampered_bundle_is_refused(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
        data = bytearray(bundles.bundle_export_from_node())
    data[-20] ^= 0x01
    with network.hub.active(), pytest.raises(services.SyncRefused, match="signature"):
        bundles.bundle_import(bytes(data))


def test_a_bundle_from_a_revoked_node_is_refused(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        data = bundles.bundle_export_from_node()
    with network.hub.active():
        tokens.token_revoke(token=NodeToken.objects.get(), actor=None)
        with pytest.raises(services.SyncRefused, match="revoked"):
            bundles.bundle_import(data)


def test_a_bundle_for_another_node_is_refused(network):
    network.add_node("a", KODI)
    network.add_node("b", "81.05.15")
    with network.hub.active():
        data = bundles.bundle_export_for_node(NodeToken.objects.get(node_id="a"))
    with network.nodes["b"].active(), pytest.raises(services.SyncRefused):
        bundles.bundle_import(data)


def test_a_revoked_token_cannot_sync(network):
    network.add_node("a", KODI)
    with network.hub.active():
        tokens.token_revoke(token=NodeToken.objects.get(), actor=None)
    with pytest.raises(services.SyncRefused, match="revoked"):
        network.sync("a")


@pytest.mark.django_db
def test_a_change_that_fails_in_the_database_is_quarantined_and_the_rest_of_the_batch_lands():
    import uuid

    from rembuk.people.models import Agency

    kabupaten = region("53.18")

    def agency_create(name: str) -> dict:
        return {
            "seq": 1,
            "change_id": str(uuid.uuid4()),
            "hlc": "0000000000001.00000.x",
            "node_id": "x",
            "actor_id": None,
            "actor_label": "system",
            "model_label": "people.agency",
            "object_id": str(uuid.uuid4()),
            "object_repr": name,
            "action": "create",
            "changes": {
                "kabupaten_id": [None, str(kabupaten.pk)],
                "name": [None, name],
                "short_name": [None, "SAMA"],
            },
            "base_version": None,
            "version": 1,
            "scope_code": "53.18",
            "root_id": str(uuid.uuid4()),
            "recorded_at": "2026-01-01T00:00:00+00:00",
        }

    first, clash = agency_create("Dinas A"), agency_create("Dinas B")
    result = merge.apply_entries([first, clash], unseen=lambda row: False, source_node="x")
    assert result.applied == 1
    assert Agency.objects.get(short_name="SAMA").name == "Dinas A"
    assert Quarantine.objects.get().change_id == uuid.UUID(clash["change_id"])

    # A batch that fits is applied in one savepoint, not one per change: on a PostgreSQL hub
    # a savepoint per change cost two round trips each and put a 10,000-change push over its
    # 30 s (bench/bench_sync.py).
    batch = [agency_create(f"Dinas {n}") for n in range(10)]
    for n, entry in enumerate(batch):
        entry["changes"]["short_name"] = [None, f"D{n}"]
    with CaptureQueriesContext(connection) as queries:
        result = merge.apply_entries(batch, unseen=lambda row: False, source_node="x")
    assert result.applied == 10
    savepoints = [q["sql"] for q in queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) == 1, savepoints


def test_people_with_a_role_in_the_kecamatan_arrive_able_to_log_in_and_others_only_as_names(
    network,
):
    from django.contrib.auth import authenticate

    from rembuk.core.testing import DEFAULT_PASSWORD, user_with_role
    from rembuk.people.models import User

    with network.hub.active():
        staff = user_with_role("kecamatan", KODI, username="camat.kodi")
        outsider = user_with_role("kecamatan", "81.05.15", username="camat.waru")
        history.create(
            LivelihoodPlan, actor=outsider, desa=region(DESA), period_start=2024, period_end=2025
        )
    network.add_node("a", KODI)
    network.sync("a")
    with network.nodes["a"].active():
        assert authenticate(username="camat.kodi", password=DEFAULT_PASSWORD).pk == staff.pk
        named_only = User.objects.get(pk=outsider.pk)
        assert not named_only.is_active and not named_only.has_usable_password()


def test_a_persons_language_and_time_zone_reach_the_laptop_as_the_hub_holds_them(network):
    """Chosen on the hub, the person's default language and clock hold on the kecamatan's
    laptop too (the laptop shows times on it: LocalTimeMiddleware)."""
    from rembuk.core.testing import user_with_role
    from rembuk.people.models import User

    with network.hub.active():
        staff = user_with_role("kecamatan", KODI, username="camat.kodi")
    network.add_node("a", KODI)
    network.sync("a")
    with network.nodes["a"].active():
        assert User.objects.get(pk=staff.pk).time_zone == ""
    with network.hub.active():
        User.objects.filter(pk=staff.pk).update(language="en", time_zone="Asia/Jayapura")
    network.sync("a")
    with network.nodes["a"].active():
        arrived = User.objects.get(pk=staff.pk)
        assert (arrived.language, arrived.time_zone) == ("en", "Asia/Jayapura")


def test_a_record_made_on_a_node_under_one_the_hub_deleted_is_deleted_everywhere_and_kept(
    network,
):
    """The laptop adds a goal to a plan while the hub deletes the plan: the goal would be
    live but unreachable. Delete wins, as for an edit; the goal is kept as a conflict."""
    network.add_node("a", KODI)
    with network.hub.active():
        plan = PlanFactory(desa=region(DESA))
    network.sync("a")
    with network.hub.active():
        history.soft_delete(LivelihoodPlan.objects.get(pk=plan.pk), actor=None)
    with network.nodes["a"].active():
        goal = GoalFactory(plan=LivelihoodPlan.objects.get(pk=plan.pk), statement="tujuan baru")
    network.sync("a")
    network.sync("a")
    for node in (network.hub, network.nodes["a"]):
        with node.active():
            assert LivelihoodPlan.all_objects.get(pk=plan.pk).is_deleted
            assert Goal.all_objects.get(pk=goal.pk).is_deleted
            conflict = Conflict.objects.get()
            assert conflict.kind == Conflict.Kind.DELETED
            assert conflict.object_id == goal.pk
            assert conflict.losing_value["statement"] == "tujuan baru"


def test_a_delete_from_a_node_takes_along_the_children_only_the_hub_had(network):
    """Node a deletes a plan; meanwhile node b added a goal to it, which reached the hub
    first. The hub (and then every node) deletes that goal with the plan."""
    network.add_node("a", KODI)
    network.add_node("b", KODI)
    with network.hub.active():
        plan = PlanFactory(desa=region(DESA))
    network.sync("a")
    network.sync("b")
    with network.nodes["b"].active():
        goal = GoalFactory(plan=LivelihoodPlan.objects.get(pk=plan.pk), statement="dari b")
    network.sync("b")
    with network.nodes["a"].active():
        history.soft_delete(LivelihoodPlan.objects.get(pk=plan.pk), actor=None)
    for name in ("a", "b", "a"):
        network.sync(name)
    for node in (network.hub, *network.nodes.values()):
        with node.active():
            assert LivelihoodPlan.all_objects.get(pk=plan.pk).is_deleted
            assert Goal.all_objects.get(pk=goal.pk).is_deleted


def test_a_hub_restored_from_a_backup_sends_a_node_what_it_wrote_since_and_gets_the_node_s_again(
    network,
):
    # The node pulled hub changes that the restore took away; the hub's next changes take their
    # places in its log (its `seq`). Were the node to trust its own pull cursor, it would never
    # receive them.
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        plan = full_plan(DESA, goals=1, activities_per_goal=1)
    network.sync("a")
    backup = network.hub.backup()
    with network.hub.active():
        for note in ("lost 1", "lost 2"):
            history.update(LivelihoodPlan.objects.get(pk=plan.pk), actor=None, notes=note)
    network.sync("a")
    with network.nodes["a"].active():
        history.update(Goal.objects.get(plan_id=plan.pk), actor=None, statement="Dari laptop")
    network.sync("a")

    network.hub.restore(backup)
    with network.hub.active():
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == ""
        for note in ("after the restore", "and once more"):
            history.update(LivelihoodPlan.objects.get(pk=plan.pk), actor=None, notes=note)
    report = network.sync("a")

    with network.nodes["a"].active():
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "and once more"
    with network.hub.active():
        assert Goal.objects.get(plan_id=plan.pk).statement == "Dari laptop"
    assert report.hub_rewound
    # Once caught up, the next sync neither suspects a restore nor moves anything.
    again = network.sync("a")
    assert (again.hub_rewound, again.pushed, again.pulled) == (False, 0, 0)


def test_a_node_whose_last_acknowledgement_was_lost_is_not_taken_for_a_restored_hub(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        plan = PlanFactory(desa=region(DESA))
    network.sync("a")
    with network.hub.active():
        history.update(LivelihoodPlan.objects.get(pk=plan.pk), actor=None, notes="dari hub")
    network.transports["a"].fail_next = "ack"
    with pytest.raises(services.SyncUnavailable):
        network.sync("a")
    report = network.sync("a")
    assert (report.hub_rewound, report.pulled) == (False, 0)


def test_a_bundle_from_a_node_ahead_of_a_restored_hub_leaves_the_hub_able_to_send_what_it_wrote(
    network,
):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        plan = PlanFactory(desa=region(DESA))
    network.sync("a")
    backup = network.hub.backup()
    with network.hub.active():
        history.update(LivelihoodPlan.objects.get(pk=plan.pk), actor=None, notes="lost")
    network.sync("a")
    network.hub.restore(backup)
    with network.nodes["a"].active():
        to_hub = bundles.bundle_export_from_node()
    with network.hub.active():
        restored_cursor = NodeToken.objects.get().pull_cursor
        bundles.bundle_import(to_hub)
        # The node's claim names a change this log no longer holds: the hub keeps its own cursor.
        assert NodeToken.objects.get().pull_cursor == restored_cursor
        history.update(LivelihoodPlan.objects.get(pk=plan.pk), actor=None, notes="after")
        to_node = bundles.bundle_export_for_node(NodeToken.objects.get())
    with network.nodes["a"].active():
        bundles.bundle_import(to_node)
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "after"


def _own_change_ids(node: SimNode) -> set[str]:
    with node.active():
        return {
            str(c)
            for c in ChangeLog.objects.filter(node_id=node.name).values_list("change_id", flat=True)
        }


def _hub_log_count() -> int:
    return ChangeLog.objects.count()


def _pushed_ids(network: Any, name: str) -> list[set[str]]:
    """The change ids each following sync of `name` pushes, one set per sync (from its hello)."""
    transport = network.transports[name]
    sent: list[set[str]] = []
    call = transport.call

    def recording(endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        if endpoint == "hello":
            sent.append(set())
        if endpoint == "push":
            sent[-1] |= {entry["change_id"] for entry in payload["entries"]}
        return call(endpoint, payload)

    transport.call = recording
    return sent


def test_a_node_restored_from_its_backup_sends_every_new_change_and_gets_back_what_it_had_sent(
    network,
):
    # The restored laptop gives the places of its log after the backup to new changes; the hub's
    # push cursor stands past them. Were the node to take the hub's cursor at its number, those
    # new changes would never be sent.
    node, plan, backup = _restored_behind_the_hub(
        network, "sent before the restore 1", "sent before the restore 2", with_goal=True
    )
    sent_before = _own_change_ids(node)

    node.restore(backup)
    kept = _own_change_ids(node)  # what the backup holds of what had been sent
    with node.active():
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == ""
        history.update(Goal.objects.get(plan_id=plan.pk), actor=None, statement="Sesudah pulih")
        GoalFactory(plan=LivelihoodPlan.objects.get(pk=plan.pk), statement="Tujuan baru")
    made_after = _own_change_ids(node) - sent_before
    assert len(made_after) == 2
    report = network.sync("a")

    assert report.node_restored and not report.hub_rewound
    assert report.pushed == 2  # the new changes; those the hub had are not applied again
    assert report.conflicts == 0
    with network.hub.active():
        assert made_after <= {str(c) for c in ChangeLog.objects.values_list("change_id", flat=True)}
        assert set(Goal.objects.filter(plan_id=plan.pk).values_list("statement", flat=True)) == {
            "Sesudah pulih",
            "Tujuan baru",
        }
        assert not Conflict.objects.exists()
        hub_count = _hub_log_count()
    with node.active():
        # What it had sent before the restore came back from the hub, once.
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "sent before the restore 2"
        assert sent_before <= _own_change_ids(node)
        assert ChangeLog.objects.count() == len(
            set(ChangeLog.objects.values_list("change_id", flat=True))
        )
        assert not Conflict.objects.exists()
    # The changes that came back are this node's own after its push cursor: the next sync
    # sends them once more (the hub skips them by id), and the one after sends nothing. That
    # costs bandwidth only: no duplicate, no conflict, no refusal, on either side.
    returned = sent_before - kept
    assert len(returned) == 2  # the two notes
    sent = _pushed_ids(network, "a")
    for number in range(2):
        again = network.sync("a")
        assert (again.node_restored, again.pushed, again.pulled, again.refused) == (
            False,
            0,
            0,
            0,
        )
        assert sent[number] == (returned if number == 0 else set())
    with network.hub.active():
        assert _hub_log_count() == hub_count
        assert NodeToken.objects.get().return_own_until is None
        assert not Quarantine.objects.exists() and not Conflict.objects.exists()
    with node.active():
        assert ChangeLog.objects.count() == len(
            set(ChangeLog.objects.values_list("change_id", flat=True))
        )
        assert not Conflict.objects.exists() and not Rejection.objects.exists()


def test_a_restored_node_with_no_new_change_syncs_once_and_is_then_quiet(network):
    node, plan, backup = _restored_behind_the_hub(network, "lost here")
    node.restore(backup)
    report = network.sync("a")
    assert report.node_restored
    with node.active():
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "lost here"
    again = network.sync("a")
    assert (again.node_restored, again.pushed, again.pulled) == (False, 0, 0)


def test_a_lost_push_acknowledgement_is_not_taken_for_a_restored_node(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
    network.sync("a")
    with network.nodes["a"].active():
        GoalFactory(plan=LivelihoodPlan.objects.get(), statement="dikirim, jawaban hilang")
    network.transports["a"].fail_next = "push"
    with pytest.raises(services.SyncUnavailable):
        network.sync("a")
    with network.hub.active():
        ahead = NodeToken.objects.get().push_cursor
    with network.nodes["a"].active():
        assert services.hub_link().push_cursor < ahead  # the hub is ahead of what the node heard
    report = network.sync("a")
    assert (report.node_restored, report.pushed, report.pulled) == (False, 0, 0)
    with network.hub.active():
        token = NodeToken.objects.get()
        assert (token.push_cursor, token.return_own_until) == (ahead, None)


def test_a_token_set_before_cursors_named_their_change_learns_it_at_the_node_s_first_pull(
    network,
):
    """Before, a token whose push cursor named no change (set before the round 10 upgrade)
    learned it only from the node's next push: a laptop with nothing to push, then restored,
    was not noticed and its changes made after the restore were never sent."""
    node, plan, backup = _restored_behind_the_hub(network, "before the upgrade")
    with network.hub.active():
        NodeToken.objects.update(push_change_id="")  # as the upgrade left it
    report = network.sync("a")
    assert report.pushed == 0
    with network.hub.active():
        token = NodeToken.objects.get()
    with node.active():
        assert token.push_change_id == services.own_change_at(token.push_cursor) != ""

    node.restore(backup)
    with node.active():
        GoalFactory(plan=LivelihoodPlan.objects.get(pk=plan.pk), statement="Sesudah pulih")
    report = network.sync("a")
    assert report.node_restored and report.pushed == 1
    with network.hub.active():
        assert Goal.objects.get(plan_id=plan.pk).statement == "Sesudah pulih"
    with node.active():
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "before the upgrade"


@pytest.mark.parametrize(
    "named",
    [
        {"push_cursor": 1, "push_change_id": "theirs"},  # another place than the hub's
        {"push_change_id": "not a uuid"},
        {"push_change_id": ""},
    ],
    ids=["another-place", "not-an-id", "empty"],
)
def test_a_node_naming_its_push_change_at_another_place_or_no_id_teaches_the_hub_nothing(
    network, named
):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
        GoalFactory(plan=LivelihoodPlan.objects.get())
    network.sync("a")
    with network.hub.active():
        NodeToken.objects.update(push_change_id="")
        cursor = NodeToken.objects.get().push_cursor
    with network.nodes["a"].active():
        own = services.own_change_at(cursor)
    payload = {"node_id": "a", "after": 0, "push_cursor": cursor, **named}
    if named.get("push_change_id") == "theirs":
        payload["push_change_id"] = own
    network.transports["a"].call("pull", payload)
    with network.hub.active():
        assert NodeToken.objects.get().push_change_id == ""


def test_a_token_that_names_its_push_change_is_not_renamed_by_a_pull(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
    network.sync("a")
    with network.hub.active():
        token = NodeToken.objects.get()
    other = "00000000-0000-4000-8000-000000000000"
    network.transports["a"].call(
        "pull",
        {"node_id": "a", "after": 0, "push_cursor": token.push_cursor, "push_change_id": other},
    )
    with network.hub.active():
        assert NodeToken.objects.get().push_change_id == token.push_change_id != other


def _bundle_round(network: Any, name: str) -> tuple[bundles.ImportResult, bundles.ImportResult]:
    """The node's bundle to the hub, then the hub's bundle back to the node."""
    with network.nodes[name].active():
        to_hub = bundles.bundle_export_from_node()
    with network.hub.active():
        at_hub = bundles.bundle_import(to_hub)
        to_node = bundles.bundle_export_for_node(NodeToken.objects.get(node_id=name))
    with network.nodes[name].active():
        at_node = bundles.bundle_import(to_node)
    return at_hub, at_node


@pytest.mark.parametrize("new_changes", [1, 3], ids=["short-of-the-hub-cursor", "past-it"])
def test_a_node_restored_from_its_backup_syncing_by_bundle_loses_nothing(network, new_changes):
    node, plan, backup = _restored_behind_the_hub(
        network, "by bundle 1", "by bundle 2", by_bundle=True
    )
    sent_before = _own_change_ids(node)

    node.restore(backup)
    with node.active():
        for number in range(new_changes):
            GoalFactory(plan=LivelihoodPlan.objects.get(pk=plan.pk), statement=f"baru {number}")
    made_after = _own_change_ids(node) - sent_before
    at_hub, at_node = _bundle_round(network, "a")

    assert at_hub.node_restored and at_hub.applied == new_changes and at_hub.conflicts == 0
    with network.hub.active():
        assert made_after <= {str(c) for c in ChangeLog.objects.values_list("change_id", flat=True)}
        assert Goal.objects.filter(plan_id=plan.pk).count() == new_changes
        hub_count = _hub_log_count()
    with node.active():
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "by bundle 2"
        assert sent_before <= _own_change_ids(node)
        assert not Conflict.objects.exists()
    assert not at_node.node_restored
    again_hub, again_node = _bundle_round(network, "a")
    assert (again_hub.node_restored, again_hub.applied, again_node.applied) == (False, 0, 0)
    with network.hub.active():
        assert _hub_log_count() == hub_count


def _restored_behind_the_hub(
    network: Any, *notes: str, by_bundle: bool = False, with_goal: bool = False
) -> tuple[SimNode, Any, Path]:
    """Node "a" of Kodi Balaghar with a plan, synced; a backup taken; then each of `notes`
    written on the plan and synced too (online, or by bundle): what the hub has and the backup
    lacks. Returns the node, the plan and the backup, not yet restored."""
    network.add_node("a", KODI)
    node = network.nodes["a"]
    with node.active():
        if with_goal:
            plan = full_plan(DESA, goals=1, activities_per_goal=1)
        else:
            plan = PlanFactory(desa=region(DESA))

    def sync() -> None:
        if by_bundle:
            _bundle_round(network, "a")
        else:
            network.sync("a")

    sync()
    backup = node.backup()
    with node.active():
        for note in notes:
            history.update(LivelihoodPlan.objects.get(pk=plan.pk), actor=None, notes=note)
    sync()
    return node, plan, backup


def test_a_bundle_whose_acknowledgement_never_came_back_is_not_taken_for_a_restore(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        plan = PlanFactory(desa=region(DESA))
        first = bundles.bundle_export_from_node()
    with network.hub.active():
        bundles.bundle_import(first)  # the hub's answer is never carried back
    with network.nodes["a"].active():
        GoalFactory(plan=LivelihoodPlan.objects.get(pk=plan.pk))
        second = bundles.bundle_export_from_node()  # starts from the same place again
    with network.hub.active():
        result = bundles.bundle_import(second)
        assert (result.node_restored, result.applied, result.already_here) == (False, 1, 1)
        assert NodeToken.objects.get().return_own_until is None


def test_a_hub_bundle_counting_changes_the_node_lost_is_not_taken_as_an_acknowledgement(network):
    node, plan, backup = _restored_behind_the_hub(network, "lost here", by_bundle=True)
    node.restore(backup)
    with node.active():
        GoalFactory(plan=LivelihoodPlan.objects.get(pk=plan.pk), statement="baru")
        waiting_before = selectors.waiting_count(services.hub_link())
    with network.hub.active():
        stale = bundles.bundle_export_for_node(NodeToken.objects.get())
    with node.active():
        result = bundles.bundle_import(stale)
        assert result.node_restored
        # The new goal still waits for the hub: the hub's count names a change lost here.
        assert selectors.waiting_count(services.hub_link()) == waiting_before > 0
    at_hub, _at_node = _bundle_round(network, "a")
    assert at_hub.applied == 1


def test_a_replacement_laptop_restored_from_the_stolen_one_s_backup_gets_its_changes_back(network):
    from rembuk.sync.tests.simnodes import InProcessTransport

    node, plan, backup = _restored_behind_the_hub(network, "before the theft")
    with network.hub.active():
        tokens.token_revoke(token=NodeToken.objects.get(), actor=None)
        _token, plain = tokens.token_issue(region_code=KODI, label="replacement", actor=None)
    node.restore(backup)  # the new laptop takes the old one's backup, then a new token
    transport = InProcessTransport(network.hub, plain)
    network.transports["a"] = transport
    with node.active():
        hello = transport.call("hello", {"node_id": "a"})
        services.node_link(hub_url="http://hub.invalid/api/sync/", token=plain, hello=hello)
        GoalFactory(plan=LivelihoodPlan.objects.get(pk=plan.pk), statement="di laptop baru")
    report = network.sync("a")
    assert report.pushed == 1
    with node.active():
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "before the theft"
    with network.hub.active():
        assert Goal.objects.get(plan_id=plan.pk).statement == "di laptop baru"
    again = network.sync("a")
    assert (again.pushed, again.pulled) == (0, 0)


# --- a gap found in the middle of a sync --------------------------------------------------------


class _Hub:
    """Wraps a node's transport: `before_push` runs on the hub before each push arrives, or
    `answer_push` answers it instead of the hub (a hub, or a man in the middle, that lies)."""

    def __init__(self, network: Any, name: str, **hooks: Any) -> None:
        self.network, self.inner = network, network.transports[name]
        self.before_push = hooks.get("before_push")
        self.answer_push = hooks.get("answer_push")
        self.pushes: list[int] = []
        network.transports[name] = self

    def call(self, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        if endpoint == "push":
            self.pushes.append(payload["after"])
            if self.answer_push:
                self.answer_push(payload)
            if self.before_push and len(self.pushes) == 1:
                with self.network.hub.active():
                    self.before_push()
        return self.inner.call(endpoint, payload)


def test_a_gap_the_hub_finds_mid_sync_is_mended_in_the_same_sync_without_a_problem(network):
    """Between hello and push the hub's cursor of this node went back (its token row restored,
    say): the hub refuses the batch as leaving a gap and says where it stands; the node resumes
    from there within the same sync, which ends well."""
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        goal = GoalFactory(plan=PlanFactory(desa=region(DESA)))
    network.sync("a")
    with network.nodes["a"].active():
        history.update(goal, actor=None, statement="Diubah di laptop")
        sent_to = services.hub_link().push_cursor
    hub = _Hub(
        network,
        "a",
        before_push=lambda: NodeToken.objects.update(push_cursor=0, push_change_id=""),
    )
    report = network.sync("a")
    assert hub.pushes == [sent_to, 0]  # refused once (409), resumed from the hub's place
    assert report.pushed == 1  # the edit; the plan and goal resent are skipped by their ids
    with network.hub.active():
        assert Goal.objects.get(pk=goal.pk).statement == "Diubah di laptop"
    with network.nodes["a"].active():
        link = services.hub_link()
        assert (link.last_problem, link.last_error) == ("", "")
        assert selectors.waiting_count(link) == 0


def _gap(expected: int) -> services.SyncRefused:
    return services.SyncRefused("gap", status=409, data={"expected_after": expected})


def test_a_hub_that_asks_to_resume_ahead_of_the_batch_is_refused_not_followed(network):
    """A gap means the hub stands behind the batch: a place at or past it would skip this
    node's own changes, so the node refuses it and keeps its cursor."""
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
    network.sync("a")
    with network.nodes["a"].active():
        GoalFactory(plan=PlanFactory(desa=region(DESA)))
        before = services.hub_link().push_cursor

    def lie(payload: dict[str, Any]) -> None:
        raise _gap(payload["after"] + 10_000)

    _Hub(network, "a", answer_push=lie)
    with pytest.raises(services.SyncRefused):
        network.sync("a")
    with network.nodes["a"].active():
        link = services.hub_link()
        assert link.push_cursor == before
        assert link.last_problem == "refused" and "gap" in link.last_error


def test_a_hub_that_keeps_asking_to_resume_is_refused_after_a_few_tries(network):
    network.add_node("a", KODI)
    with network.nodes["a"].active():
        for _ in range(8):
            PlanFactory(desa=region(DESA))
    network.sync("a")
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))

    def always_one_back(payload: dict[str, Any]) -> None:
        raise _gap(max(payload["after"] - 1, 0))

    hub = _Hub(network, "a", answer_push=always_one_back)
    with pytest.raises(services.SyncRefused):
        network.sync("a")
    assert len(hub.pushes) == services.MAX_RESUMES + 1
    assert hub.pushes[0] > services.MAX_RESUMES
    assert hub.pushes == sorted(hub.pushes, reverse=True)  # only ever back, inside its own log
