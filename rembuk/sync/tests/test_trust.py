"""The hub decides, never the node (rembuk/sync/trust.py, people.py): forged changes from a node's
token, in one process (the same attacks against a real hub process: test_adversarial.py)."""

from __future__ import annotations

import contextlib
import datetime
import time
import uuid
from typing import Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ValidationError

from rembuk.core import history
from rembuk.core.models import ChangeLog
from rembuk.core.testing import GoalFactory, PlanFactory, full_plan, region, user_with_role
from rembuk.people.models import Membership, Role, User
from rembuk.plans.models import Goal, LivelihoodPlan
from rembuk.sync import selectors, services
from rembuk.sync.models import Conflict, Quarantine, Rejection
from rembuk.sync.tests.simnodes import Network

KODI = "53.18.11"
DESA = "53.18.11.2006"
ELSEWHERE = "53.18.10.2001"  # Wewewa Tengah, same kabupaten
OTHER_PROVINCE = "81.05.15.2001"


def _stamp(ahead_ms: int = 0) -> str:
    return f"{int(time.time() * 1000) + ahead_ms:013d}.00000.x"


def forged(
    model_label: str,
    object_id: Any,
    action: str,
    changes: dict[str, list[Any]],
    *,
    scope_code: str = DESA,
    actor_id: Any = None,
    actor_label: str = "Pak Camat",
    ahead_ms: int = 0,
    node_id: str = "x",
) -> dict[str, Any]:
    return {
        "seq": 1,
        "change_id": str(uuid.uuid4()),
        "hlc": _stamp(ahead_ms),
        "node_id": node_id,
        "actor_id": str(actor_id) if actor_id else None,
        "actor_label": actor_label,
        "model_label": model_label,
        "object_id": str(object_id),
        "object_repr": "dipalsukan",
        "action": action,
        "changes": changes,
        "base_version": None,
        "version": 2,
        "scope_code": scope_code,
        "root_id": str(uuid.uuid4()),
        "recorded_at": datetime.datetime.now(datetime.UTC).isoformat(),
    }


@pytest.fixture
def net(network: Network) -> Network:
    """A hub with a plan in Kodi Balaghar and one in another kecamatan, an honest node `a` and
    an attacker `x`, both holding a Kodi Balaghar token."""
    with network.hub.active():
        ours = full_plan(DESA, goals=1, activities_per_goal=1)
        theirs = full_plan(ELSEWHERE, goals=1, activities_per_goal=1)
        network.ids = {
            "our_plan": ours.pk,
            "our_goal": ours.goals.get().pk,
            "their_plan": theirs.pk,
            "their_goal": theirs.goals.get().pk,
            "desa": region(DESA).pk,
        }
    network.add_node("a", KODI)
    network.add_node("x", KODI)
    network.sync("a")
    return network


def push(net: Network, *entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return net.transports["x"].call(
        "push", {"node_id": "x", "after": 0, "entries": list(entries), **extra}
    )


def _quarantined(net: Network, entry: dict[str, Any]) -> Quarantine:
    with net.hub.active():
        return Quarantine.objects.get(change_id=entry["change_id"])


def _outside_fingerprint(net: Network) -> list[tuple[str, int, bool]]:
    with net.hub.active():
        return sorted(
            (str(pk), version, deleted)
            for model in (LivelihoodPlan, Goal)
            for pk, version, deleted in model.all_objects.exclude(
                pk__in=[net.ids["our_plan"], net.ids["our_goal"]]
            ).values_list("pk", "version", "is_deleted")
        )


def test_an_update_claiming_a_scope_inside_the_region_is_judged_by_where_the_record_is(net):
    their_goal = net.ids["their_goal"]
    before = _outside_fingerprint(net)
    entry = forged("plans.goal", their_goal, "update", {"statement": ["x", "DIPALSUKAN"]})
    answer = push(net, entry)
    assert answer["applied"] == 0
    quarantined = _quarantined(net, entry)
    assert quarantined.code == "out_of_scope" and ELSEWHERE in quarantined.reason
    assert quarantined.region_code == KODI
    assert _outside_fingerprint(net) == before


def test_deleting_a_plan_of_another_kecamatan_is_refused(net):
    before = _outside_fingerprint(net)
    entry = forged(
        "plans.livelihoodplan", net.ids["their_plan"], "delete", {"is_deleted": [False, True]}
    )
    push(net, entry)
    assert _quarantined(net, entry).code == "out_of_scope"
    assert _outside_fingerprint(net) == before


def test_moving_a_goal_out_of_the_region_or_into_it_is_refused(net):
    our_goal = net.ids["our_goal"]
    their_goal = net.ids["their_goal"]
    out = forged("plans.goal", our_goal, "update", {"plan_id": [None, str(net.ids["their_plan"])]})
    into = forged("plans.goal", their_goal, "update", {"plan_id": [None, str(net.ids["our_plan"])]})
    push(net, out, into)
    assert f"of {ELSEWHERE}, outside this node's region" in _quarantined(net, out).reason
    assert _quarantined(net, into).code == "out_of_scope"
    with net.hub.active():
        assert Goal.objects.get(pk=our_goal).plan_id == net.ids["our_plan"]
        assert Goal.objects.get(pk=their_goal).plan_id == net.ids["their_plan"]


def test_a_record_created_under_a_parent_elsewhere_is_refused(net):
    goal_id = uuid.uuid4()
    entry = forged(
        "plans.goal",
        goal_id,
        "create",
        {
            "plan_id": [None, str(net.ids["their_plan"])],
            "position": [None, 5],
            "statement": [None, "tujuan titipan"],
            "target": [None, ""],
            "target_year": [None, None],
        },
    )
    push(net, entry)
    assert _quarantined(net, entry).code == "out_of_scope"
    with net.hub.active():
        assert not Goal.all_objects.filter(pk=goal_id).exists()


def test_a_sheet_of_our_desa_cannot_be_slipped_into_another_kecamatan_meeting(net):
    from rembuk.meetings.models import CoordinationMeeting

    with net.hub.active():
        meeting = history.create(
            CoordinationMeeting,
            actor=None,
            kecamatan=region("53.18.10"),
            date="2024-03-01",
            place="Kanelu",
        )
    entry = forged(
        "meetings.meetingsheet",
        uuid.uuid4(),
        "create",
        {
            "meeting_id": [None, str(meeting.pk)],
            "desa_id": [None, str(net.ids["desa"])],
            "position": [None, 0],
        },
    )
    push(net, entry)
    assert "coordination meeting of 53.18.10" in _quarantined(net, entry).reason.lower()


def test_reference_data_and_people_never_come_from_a_node(net):
    with net.hub.active():
        people_before = User.objects.count()
        kodi = region(KODI).pk
    intruder_id = uuid.uuid4()
    membership = forged(
        "people.membership",
        uuid.uuid4(),
        "create",
        {
            "user_id": [None, str(intruder_id)],
            "role": [None, Role.TIM_PROGRAM],
            "region_id": [None, str(kodi)],
            "agency_id": [None, None],
        },
        scope_code=KODI,
    )
    intruder = {
        "id": str(intruder_id),
        "username": "penyusup",
        "first_name": "Penyusup",
        "last_name": "",
        "password": "md5$salt$0123456789abcdef0123456789abcdef",
        "must_change_password": False,
        "profile_hlc": _stamp(),
    }
    answer = push(net, membership, people=[intruder], users=[{**intruder, "id": str(uuid.uuid4())}])
    assert _quarantined(net, membership).code == "reference_data"
    reasons = [item["reason"] for item in answer["refused"]]
    assert sum("cannot create accounts" in reason for reason in reasons) == 2
    with net.hub.active():
        assert User.objects.count() == people_before
        assert not Membership.all_objects.filter(role=Role.TIM_PROGRAM, region__code=KODI).exists()
        assert Quarantine.objects.filter(code="reference_data").count() == 3
        kept = Quarantine.objects.filter(entry__person__username="penyusup")
        assert kept.count() == 2 and "password" not in kept.first().entry["person"]


def test_the_author_is_the_hubs_person_only_when_they_are_the_nodes_own_with_a_role_there(net):
    with net.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
        # Holds a role over the record's desa, but can never log in on a kecamatan laptop.
        outsider = user_with_role(Role.TIM_PROGRAM, "53", username="program.ntt")
    goal = net.ids["our_goal"]
    honest = forged("plans.goal", goal, "update", {"target": ["", "A"]}, actor_id=camat.pk)
    forged_author = forged(
        "plans.goal", goal, "update", {"statement": ["", "B"]}, actor_id=outsider.pk
    )
    push(net, honest, forged_author)
    with net.hub.active():
        logged = {
            str(c.change_id): c for c in ChangeLog.objects.filter(object_id=goal, node_id="x")
        }
        assert logged[honest["change_id"]].actor_id == camat.pk
        assert logged[honest["change_id"]].actor_label == str(camat)
        kept = logged[forged_author["change_id"]]
        assert kept.actor_id is None and kept.actor_label == "x (x)"
        assert Goal.objects.get(pk=goal).changed_by_id is None


def test_the_change_log_stores_the_hubs_scope_so_the_owning_nodes_pull_it(net):
    goal = net.ids["our_goal"]
    entry = forged("plans.goal", goal, "update", {"target": ["", "dari x"]}, scope_code=KODI)
    push(net, entry)
    with net.hub.active():
        assert ChangeLog.objects.get(change_id=entry["change_id"]).scope_code == DESA
    net.sync("a")
    with net.nodes["a"].active():
        assert Goal.objects.get(pk=goal).target == "dari x"


def test_a_clock_far_ahead_is_refused_and_does_not_move_the_hubs_clock(net):
    goal = net.ids["our_goal"]
    centuries = 200 * 365 * 24 * 3600 * 1000
    entry = forged("plans.goal", goal, "update", {"target": ["", "masa depan"]}, ahead_ms=centuries)
    push(net, entry)
    assert _quarantined(net, entry).code == "clock_ahead"
    with net.hub.active():
        later = history.update(Goal.objects.get(pk=goal), actor=None, target="hari ini")
        stamp = ChangeLog.objects.filter(object_id=later.pk).order_by("-seq").first()
        assert stamp is not None and stamp.hlc < _stamp(60_000)


def test_a_conflict_claiming_another_region_is_refused(net):
    their_goal = net.ids["their_goal"]
    our_goal = net.ids["our_goal"]
    values = {
        "kind": "field",
        "model_label": "plans.goal",
        "field_name": "statement",
        "winning_value": "a",
        "winning_hlc": _stamp(),
        "losing_value": "b",
        "losing_hlc": _stamp(),
        "losing_node": "x",
        "losing_actor_label": "",
        "object_repr": "",
        "status": "open",
        "resolution": "",
    }

    def conflict(goal: Any, plan: Any, scope: str) -> dict[str, Any]:
        changes = {name: [None, value] for name, value in values.items()}
        changes.update(object_id=[None, str(goal)], scope=[None, scope], root_id=[None, str(plan)])
        return forged("sync.conflict", uuid.uuid4(), "create", changes)

    theirs = conflict(their_goal, net.ids["their_plan"], ELSEWHERE)
    mislabelled = conflict(our_goal, net.ids["our_plan"], KODI)
    push(net, theirs, mislabelled)
    assert _quarantined(net, theirs).code == "out_of_scope"
    assert "does not name its record's region" in _quarantined(net, mislabelled).reason
    with net.hub.active():
        assert not Conflict.objects.exists()


def test_a_delete_that_would_take_along_a_kabupaten_agenda_item_is_refused(net):
    from rembuk.district.models import AgendaItem, DistrictMeeting
    from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
    from rembuk.support.models import SupportRequest

    with net.hub.active():
        meeting = history.create(
            CoordinationMeeting, actor=None, kecamatan=region(KODI), date="2024-03-28"
        )
        sheet = history.create(MeetingSheet, actor=None, meeting=meeting, desa=region(DESA))
        followup = history.create(
            FollowUp, actor=None, sheet=sheet, text="Penyuluh", kind="dukungan_opd"
        )
        request = history.create(
            SupportRequest, actor=None, followup=followup, desa=region(DESA), text="Penyuluh"
        )
        district = history.create(
            DistrictMeeting, actor=None, kabupaten=region("53.18"), date="2024-04-18"
        )
        item = history.create(AgendaItem, actor=None, meeting=district, request=request)
    entry = forged("support.supportrequest", request.pk, "delete", {"is_deleted": [False, True]})
    push(net, entry)
    assert "would also delete a agenda item of 53.18" in _quarantined(net, entry).reason.lower()
    with net.hub.active():
        assert not AgendaItem.all_objects.get(pk=item.pk).is_deleted
        assert not SupportRequest.all_objects.get(pk=request.pk).is_deleted


def test_a_create_without_its_parent_is_quarantined_not_an_error(net):
    entry = forged("plans.goal", uuid.uuid4(), "create", {"statement": [None, "yatim"]})
    answer = push(net, entry)
    assert answer["applied"] == 0
    assert _quarantined(net, entry).code == "invalid"


def test_a_text_over_its_limit_is_quarantined_and_the_rest_of_the_batch_lands(net):
    goal = net.ids["our_goal"]
    long = forged("plans.goal", goal, "update", {"statement": ["", "x" * 100_000]})
    fine = forged("plans.goal", goal, "update", {"target": ["", "pendek"]})
    answer = push(net, long, fine)
    assert answer["applied"] == 1
    assert "at most 2000" in _quarantined(net, long).reason
    with net.hub.active():
        assert Goal.objects.get(pk=goal).target == "pendek"


def test_an_honest_node_keeps_syncing_after_the_attacks(net):
    test_reference_data_and_people_never_come_from_a_node(net)
    with net.nodes["a"].active():
        plan = LivelihoodPlan.objects.get(pk=net.ids["our_plan"])
        goal = GoalFactory(plan=plan, statement="jujur").pk
    report = net.sync("a")
    assert report.pushed == 1 and report.refused == 0
    with net.hub.active():
        assert Goal.objects.get(pk=goal).statement == "jujur"


# --- what a conflict restores, what a delete carries, values no field can hold ---------------
def _conflict(model_label: str, object_id: Any, root_id: Any, scope: str, **values: Any) -> Any:
    fields = {
        "kind": "field",
        "model_label": model_label,
        "object_id": str(object_id),
        "object_repr": "",
        "field_name": "statement",
        "winning_value": "a",
        "winning_hlc": _stamp(),
        "losing_value": "b",
        "losing_hlc": _stamp(),
        "losing_node": "x",
        "losing_actor_label": "",
        "scope": scope,
        "root_id": str(root_id),
        "status": "open",
        "resolution": "",
        **values,
    }
    changes = {name: [None, value] for name, value in fields.items()}
    return forged("sync.conflict", uuid.uuid4(), "create", changes)


def test_a_forged_conflict_cannot_make_its_restore_raise_a_role_or_move_a_record_out(net):
    """A node makes up a conflict about a record of its own region whose "other value" is a
    programme-team role, or a village of another province; a kecamatan person of the region
    (who may resolve conflicts there) restores it on the hub."""
    with net.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
        membership = Membership.objects.get(user=camat)
        plan = LivelihoodPlan.objects.select_related("desa").get(pk=net.ids["our_plan"])
        elsewhere = region(OTHER_PROVINCE)
        province = region("53")
    raise_role = _conflict(
        "people.membership",
        membership.pk,
        membership.pk,
        KODI,
        field_name="role",
        losing_value=Role.TIM_PROGRAM,
    )
    widen_role = _conflict(
        "people.membership",
        membership.pk,
        membership.pk,
        KODI,
        field_name="region_id",
        losing_value=str(province.pk),
    )
    move_plan = _conflict(
        "plans.livelihoodplan",
        plan.pk,
        plan.pk,
        plan.desa.code,
        field_name="desa_id",
        losing_value=str(elsewhere.pk),
    )
    push(net, raise_role, widen_role, move_plan)
    with net.hub.active():
        for conflict in Conflict.objects.all():
            with contextlib.suppress(ValidationError):
                services.conflict_resolve(conflict=conflict, keep="losing", actor=camat)
        membership = Membership.objects.select_related("region").get(pk=membership.pk)
        assert membership.role == Role.KECAMATAN
        assert membership.region.code == KODI
        assert LivelihoodPlan.objects.get(pk=plan.pk).desa.code == plan.desa.code
        assert (
            Quarantine.objects.filter(
                change_id__in=[raise_role["change_id"], widen_role["change_id"]],
                code="reference_data",
            ).count()
            == 2
        )
        assert _quarantined(net, move_plan).code == "out_of_scope"


def test_a_conflict_already_on_the_hub_restores_only_inside_the_resolvers_region(net):
    """Defence in depth for conflicts a hub took before its judge checked them."""
    with net.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
        plan = LivelihoodPlan.objects.get(pk=net.ids["our_plan"])
        conflict = history.create(
            Conflict,
            actor=None,
            kind="field",
            model_label="plans.livelihoodplan",
            object_id=plan.pk,
            field_name="desa_id",
            winning_value=str(plan.desa_id),
            winning_hlc=_stamp(),
            losing_value=str(region(OTHER_PROVINCE).pk),
            losing_hlc=_stamp(),
            losing_node="x",
            scope=plan.desa.code,
            root_id=plan.pk,
        )
        with pytest.raises(ValidationError, match="cannot be restored here"):
            services.conflict_resolve(conflict=conflict, keep="losing", actor=camat)
        assert Conflict.objects.get(pk=conflict.pk).status == Conflict.Status.OPEN
        assert LivelihoodPlan.objects.get(pk=plan.pk).desa.code == plan.desa.code


def test_a_delete_carrying_other_fields_cannot_move_or_rewrite_the_record(net):
    """A delete is judged by where the record is; fields slipped into it were written too."""
    with net.hub.active():
        elsewhere = region(OTHER_PROVINCE)
        before = LivelihoodPlan.all_objects.get(pk=net.ids["our_plan"]).desa_id
    entry = forged(
        "plans.livelihoodplan",
        net.ids["our_plan"],
        "delete",
        {"is_deleted": [False, True], "desa_id": [None, str(elsewhere.pk)]},
    )
    push(net, entry)
    assert _quarantined(net, entry).code == "invalid"
    with net.hub.active():
        plan = LivelihoodPlan.all_objects.get(pk=net.ids["our_plan"])
        assert plan.desa_id == before and not plan.is_deleted


def test_numbers_no_database_can_hold_are_quarantined_and_the_batch_goes_on(net):
    goal = net.ids["our_goal"]
    huge = forged("plans.goal", goal, "update", {"position": [0, 10**30]})
    infinite = forged("plans.goal", goal, "update", {"position": [0, float("inf")]})
    fine = forged("plans.goal", goal, "update", {"target": ["", "tetap"]})
    answer = push(net, huge, infinite, fine)
    assert answer["applied"] == 1
    assert _quarantined(net, huge).code == "invalid"
    assert _quarantined(net, infinite).code == "invalid"
    with net.hub.active():
        assert Goal.objects.get(pk=goal).target == "tetap"


def test_a_value_outside_its_fields_choices_is_quarantined(net):
    plan = net.ids["our_plan"]
    entry = forged("plans.livelihoodplan", plan, "update", {"status": ["draft", "diretas"]})
    push(net, entry)
    assert _quarantined(net, entry).code == "invalid"
    with net.hub.active():
        assert LivelihoodPlan.objects.get(pk=plan).status != "diretas"


# --- tokens: a revoked token stops at once; one node id, one live token ----------------------


def test_a_request_already_past_the_token_check_is_refused_once_the_token_is_revoked(net):
    """The token is checked from the header before the body is read; a big push can take
    seconds to read. Revoked meanwhile (the laptop was stolen), nothing more may go either way."""
    from rembuk.sync import tokens
    from rembuk.sync.models import NodeToken
    from rembuk.sync.wire import SyncRefused

    goal = net.ids["our_goal"]
    entry = forged("plans.goal", goal, "update", {"target": ["", "sesudah dicabut"]})
    with net.hub.active():
        token = tokens.token_from_header(net.transports["x"].token)  # the request's check
        tokens.token_revoke(token=NodeToken.objects.get(pk=token.pk), actor=None)
        calls = (
            lambda: services.hub_push(token, {"node_id": "x", "after": 0, "entries": [entry]}),
            lambda: services.hub_pull(token, {"node_id": "x", "after": 0}),
        )
        for call in calls:
            with pytest.raises(SyncRefused) as refused:
                call()
            assert (refused.value.status, refused.value.code) == (403, "token_revoked")
        assert Goal.objects.get(pk=goal).target != "sesudah dicabut"


def test_a_token_cannot_take_the_node_id_another_live_token_holds(net):
    """A second laptop made from a copy of the first one's data directory has its node id.
    Bound to it, its changes never reached the first laptop (the hub leaves a node's own
    changes out of its pulls) and the first laptop's bundles were checked with its key."""
    from rembuk.sync import tokens
    from rembuk.sync.tests.simnodes import InProcessTransport
    from rembuk.sync.wire import SyncRefused

    with net.hub.active():
        _token, plain = tokens.token_issue(region_code=KODI, label="laptop kedua", actor=None)
    second = InProcessTransport(net.hub, plain)
    with pytest.raises(SyncRefused) as refused:
        second.call("hello", {"node_id": "a"})
    assert (refused.value.status, refused.value.code) == (403, "token_other_node")
    assert "laptop kedua" not in refused.value.reason and "a (" in refused.value.reason
    with net.hub.active():
        assert services.sender_token("a").label == "a"
    second.call("hello", {"node_id": "laptop-kedua"})  # its own id is fine


# --- people: least data on a laptop, and the one thing a node may change --------------------


def test_a_node_holds_credentials_of_its_own_people_only(network):
    from django.contrib.auth import authenticate

    from rembuk.core.testing import DEFAULT_PASSWORD

    with network.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
        program = user_with_role(Role.TIM_PROGRAM, "53", username="program.ntt")
        both = user_with_role(Role.KECAMATAN, KODI, username="dua.peran")
        history.create(
            Membership,
            actor=None,
            user=both,
            role=Role.FASILITATOR_KABUPATEN,
            region=region("53.18"),
        )
        PlanFactory(desa=region(DESA))
    network.add_node("a", KODI)
    network.sync("a")
    with network.nodes["a"].active():
        assert authenticate(username="camat.kodi", password=DEFAULT_PASSWORD).pk == camat.pk
        for name in ("program.ntt", "dua.peran"):
            person = User.objects.filter(username=name).first()
            assert person is None or not person.has_usable_password()
        assert not User.objects.filter(pk=program.pk, is_active=True).exists()


def test_a_person_made_on_the_laptop_before_linking_makes_room_for_the_hubs_of_that_name(network):
    """The installer invites the camat on the laptop, then links it: the hub decides who
    camat.kodi is. The hub's person logs in with the hub's password; the laptop's own account
    is renamed (it keeps the records it made) and, unknown to the hub, cannot log in."""
    from django.contrib.auth import authenticate

    from rembuk.core.testing import DEFAULT_PASSWORD

    with network.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
    node = network.add_node("a", KODI)
    with node.active():
        local = User.objects.create_user(username="camat.kodi", password="dibuat-di-laptop")
    network.sync("a")
    with node.active():
        assert authenticate(username="camat.kodi", password=DEFAULT_PASSWORD).pk == camat.pk
        renamed = User.objects.get(pk=local.pk)
        assert renamed.username == "camat.kodi.laptop"
        assert authenticate(username="camat.kodi.laptop", password="dibuat-di-laptop") is None


def test_a_person_the_hub_names_takes_another_name_beside_the_laptops_own_administrator(network):
    """The laptop's installer made its superuser "admin"; the hub's programme team member
    "admin" edits a plan of the kecamatan and travels to the laptop as a name on its history.
    The laptop's administrator keeps the login; the hub's person arrives under another
    username, unable to log in, and the edit arrives with its author."""
    from django.contrib.auth import authenticate

    with network.hub.active():
        admin = user_with_role(Role.TIM_PROGRAM, "53", username="admin")
        plan = PlanFactory(desa=region(DESA))
        history.update(plan, actor=admin, notes="Dibaca tim program")
    node = network.add_node("a", KODI)
    with node.active():
        own = User.objects.create_superuser(username="admin", password="pemasang-laptop")
    network.sync("a")
    with node.active():
        assert authenticate(username="admin", password="pemasang-laptop").pk == own.pk
    with network.hub.active():
        history.update(LivelihoodPlan.objects.get(pk=plan.pk), actor=admin, notes="Dibaca lagi")
    network.sync("a")  # the name given stays the person's
    with node.active():
        assert authenticate(username="admin", password="pemasang-laptop").pk == own.pk
        named = User.objects.get(pk=admin.pk)
        assert named.username == "admin.hub" and not named.has_usable_password()
        assert LivelihoodPlan.objects.get(pk=plan.pk).notes == "Dibaca lagi"
        edit = ChangeLog.objects.filter(object_id=plan.pk).order_by("seq").last()
        assert edit.actor_id == admin.pk


def test_a_person_who_gains_a_role_elsewhere_loses_the_credentials_on_the_laptop(network):
    with network.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
    network.add_node("a", KODI)
    network.sync("a")
    with network.hub.active():
        history.create(
            Membership, actor=None, user=camat, role=Role.TIM_KABUPATEN, region=region("53.18")
        )
    network.sync("a")
    with network.nodes["a"].active():
        assert not User.objects.get(pk=camat.pk).has_usable_password()


def test_a_password_changed_on_the_laptop_reaches_the_hub_and_a_later_reset_wins_back(network):
    from django.contrib.auth import authenticate

    from rembuk.people import services as people

    with network.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
        admin = user_with_role(Role.TIM_PROGRAM, "53.18", username="program.sbd")
    network.add_node("a", KODI)
    network.sync("a")
    with network.nodes["a"].active():
        people.user_password_change(
            user=User.objects.get(pk=camat.pk), new_password="sandi-laptop-1"
        )
    network.sync("a")
    with network.hub.active():
        assert authenticate(username="camat.kodi", password="sandi-laptop-1") is not None
        temporary = people.user_password_reset(user=User.objects.get(pk=camat.pk), actor=admin)
    network.sync("a")
    with network.nodes["a"].active():
        assert authenticate(username="camat.kodi", password=temporary) is not None
        assert User.objects.get(pk=camat.pk).must_change_password


def test_a_lost_laptop_revokes_its_token_and_replaces_the_passwords_it_held(network):
    from django.contrib.auth import authenticate

    from rembuk.core.testing import DEFAULT_PASSWORD
    from rembuk.sync import tokens
    from rembuk.sync.models import NodeToken

    with network.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
        user_with_role(Role.KECAMATAN, "81.05.15", username="camat.waru")
    network.add_node("a", KODI)
    network.sync("a")
    with network.hub.active():
        token = NodeToken.objects.get(node_id="a")
        replaced = tokens.token_revoke_lost(token=token, actor=None)
        assert [item.person.pk for item in replaced] == [camat.pk]
        assert authenticate(username="camat.kodi", password=DEFAULT_PASSWORD) is None
        assert authenticate(username="camat.kodi", password=replaced[0].temporary_password)
        assert authenticate(username="camat.waru", password=DEFAULT_PASSWORD)
    with pytest.raises(services.SyncRefused, match="revoked"):
        network.sync("a")


# --- quarantine: retried once its cause is fixed ----------------------------------------------


def test_a_quarantined_change_is_applied_when_retried_after_its_cause_is_fixed(network):
    from rembuk.monitoring.models import ActivityProgress, VillageReview

    with network.hub.active():
        plan = full_plan(DESA, goals=1, activities_per_goal=1)
        review = history.create(
            VillageReview, actor=None, desa=region(DESA), plan=plan, date="2024-03-01"
        )
        activity = plan.goals.get().activities.get()
    network.add_node("a", KODI)
    network.sync("a")
    with network.hub.active():
        on_hub = history.create(
            ActivityProgress, actor=None, review=review, activity=activity, status="berjalan"
        )
    with network.nodes["a"].active():
        history.create(
            ActivityProgress,
            actor=None,
            review=VillageReview.objects.get(pk=review.pk),
            activity=activity,
            status="selesai",
        )
    report = network.sync("a")
    assert report.refused == 1
    with network.hub.active():
        item = Quarantine.objects.get()
        assert services.quarantine_retry(quarantine=item, actor=None)  # still clashes: a reason
        history.soft_delete(ActivityProgress.objects.get(pk=on_hub.pk), actor=None)
        assert services.quarantine_retry(quarantine=item, actor=None) == ""
        assert ActivityProgress.objects.get(review=review).status == "selesai"
        assert not selectors.quarantine_for(user_with_role(Role.TIM_PROGRAM, "53")).exists()
    with network.nodes["a"].active():
        assert Rejection.objects.exists()
    network.sync("a")
    with network.nodes["a"].active():
        assert not Rejection.objects.exists()


def test_a_password_hash_asking_the_hub_for_endless_work_is_refused(net, settings):
    """A node may change its own people's passwords, never into a hash that would hold a hub
    worker at every attempt to log in as them (2 billion PBKDF2 rounds); one that asks no more
    than the hub's own is taken."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    with net.hub.active():
        camat = user_with_role(Role.KECAMATAN, KODI, username="camat.kodi")
        before = User.objects.get(pk=camat.pk).password

    def row(password: str) -> dict[str, Any]:
        return {
            "id": str(camat.pk),
            "username": "camat.kodi",
            "first_name": "Camat",
            "last_name": "Kodi",
            "password": password,
            "must_change_password": False,
            "profile_hlc": _stamp(),
        }

    endless = f"pbkdf2_sha256$2000000000$garam${'A' * 43}="  # never computed: only named
    answer = push(net, people=[row(endless)])
    assert any("more work than this hub" in item["reason"] for item in answer["refused"])
    with net.hub.active():
        assert User.objects.get(pk=camat.pk).password == before
    answer = push(net, people=[row(PBKDF2PasswordHasher().encode("rahasia-baru", "garam", 1000))])
    assert not answer["refused"]
    with net.hub.active():
        assert User.objects.get(pk=camat.pk).check_password("rahasia-baru")
