"""The Sinkronisasi page and its actions (Django test client, single database)."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rembuk.core import history
from rembuk.core.testing import DEFAULT_PASSWORD, GoalFactory, PlanFactory, region, user_with_role
from rembuk.people.models import Role
from rembuk.sync import services, tokens
from rembuk.sync.models import Conflict, HubLink, NodeToken

pytestmark = pytest.mark.django_db

DESA = "53.18.11.2006"


def _login(client, user):
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)


def _conflict(goal, losing="nilai lain"):
    return history.create(
        Conflict,
        actor=None,
        kind=Conflict.Kind.FIELD,
        model_label="plans.goal",
        object_id=goal.pk,
        object_repr=str(goal),
        field_name="statement",
        winning_value=goal.statement,
        winning_hlc="0000000000002.00000.hub",
        losing_value=losing,
        losing_hlc="0000000000001.00000.a",
        losing_node="a",
        losing_actor_label="Ani",
        scope=DESA,
        root_id=goal.plan_id,
    )


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        (Role.TIM_PROGRAM, "53.18", 200),
        (Role.KECAMATAN, "53.18.11", 200),
        (Role.TIM_DESA, DESA, 403),
        (Role.OPD, "53.18", 403),
    ],
)
def test_who_may_open_the_sync_page(client, role, code, status):
    _login(client, user_with_role(role, code))
    assert client.get(reverse("sync:page")).status_code == status


def test_only_the_programme_team_may_issue_a_token_and_sees_it_once(client):
    _login(client, user_with_role(Role.KECAMATAN, "53.18.11"))
    assert client.post(reverse("sync:token_create"), {"region_code": "53.18.11"}).status_code == 403
    client.logout()
    _login(client, user_with_role(Role.TIM_PROGRAM, "53.18"))
    response = client.post(
        reverse("sync:token_create"), {"region_code": "53.18.11", "label": "Kodi"}
    )
    token = NodeToken.objects.get()
    plain = response.context["new_token"]
    assert plain.startswith("rbk_") and plain in response.content.decode()
    assert token.token_hash != plain and plain not in token.token_hash
    assert plain not in client.get(reverse("sync:page")).content.decode()


def test_a_token_for_an_unknown_region_is_refused_with_a_message(client):
    _login(client, user_with_role(Role.TIM_PROGRAM, "53.18"))
    response = client.post(reverse("sync:token_create"), {"region_code": "99.99"})
    assert "99.99" in response.content.decode()
    assert not NodeToken.objects.exists()


def test_revoking_a_token_shows_it_as_revoked(client):
    _login(client, user_with_role(Role.TIM_PROGRAM, "53.18"))
    token, _plain = tokens.token_issue(region_code="53.18.11", actor=None)
    client.post(reverse("sync:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_node_page_shows_waiting_changes_and_each_record_state(
    client, django_assert_max_num_queries
):
    HubLink.objects.create(
        hub_url="http://hub.invalid/api/sync/", token="t", region_code="53.18.11"
    )
    PlanFactory(desa=region(DESA))
    _login(client, user_with_role(Role.KECAMATAN, "53.18.11"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("sync:page"))
    records = response.context["records"]
    assert response.context["waiting"] >= 1
    assert {r.state for r in records} == {"not_sent"}


def test_resolving_a_conflict_by_restoring_the_other_value_writes_a_normal_edit(client):
    goal = GoalFactory(plan=PlanFactory(desa=region(DESA)), statement="menang")
    conflict = _conflict(goal, losing="kalah")
    _login(client, user_with_role(Role.KECAMATAN, "53.18.11"))
    assert conflict in client.get(reverse("sync:page")).context["conflicts"]
    client.post(reverse("sync:conflict_resolve", args=[conflict.pk]), {"keep": "losing"})
    goal.refresh_from_db()
    conflict.refresh_from_db()
    assert goal.statement == "kalah"
    assert conflict.status == Conflict.Status.RESOLVED


def test_a_conflict_outside_the_user_region_is_not_found(client):
    goal = GoalFactory(plan=PlanFactory(desa=region(DESA)))
    conflict = _conflict(goal)
    _login(client, user_with_role(Role.KECAMATAN, "81.05.15"))
    response = client.post(
        reverse("sync:conflict_resolve", args=[conflict.pk]), {"keep": "winning"}
    )
    assert response.status_code == 404


def test_uploading_something_that_is_not_a_bundle_is_refused_with_a_reason(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _login(client, user_with_role(Role.KECAMATAN, "53.18.11", language="en"))
    response = client.post(
        reverse("sync:bundle_upload"),
        {"bundle": SimpleUploadedFile("x.rembuk", b"hello")},
        follow=True,
    )
    assert "not a Rembuk sync bundle" in response.content.decode()


def test_the_sync_api_refuses_an_unknown_token(client):
    response = client.post(
        reverse("sync_api:hello"),
        data=services.encode({"node_id": "x"}),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer nope",
    )
    assert response.status_code == 401
    assert services.decode(response.content)["reason"]  # a sentence for the node's operator


def test_the_menu_links_to_the_sync_page_for_those_who_may_use_it(client):
    _login(client, user_with_role(Role.KECAMATAN, "53.18.11"))
    assert reverse("sync:page") in client.get(reverse("sync:page")).content.decode()


def test_node_token_prints_a_token_once_lists_and_revokes_it():
    from io import StringIO

    out = StringIO()
    call_command("node_token", region="53.18.11", label="Kodi", stdout=out)
    plain = out.getvalue().strip()
    token = NodeToken.objects.get()
    assert plain.startswith("rbk_") and token.token_hash != plain
    listing = StringIO()
    call_command("node_token", list=True, stdout=listing)
    assert "53.18.11" in listing.getvalue() and plain not in listing.getvalue()
    call_command("node_token", revoke=token.pk, stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_unlinked_computer_tells_kecamatan_staff_whom_to_ask_not_what_to_run(client):
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    _login(client, user)
    page = client.get(reverse("sync:page")).content.decode()
    assert "belum terhubung ke hub kabupaten" in page and "tim program" in page
    assert "node_init" not in page


def test_the_person_who_links_a_computer_reads_the_command_not_a_repository_path(client):
    _login(client, user_with_role(Role.TIM_PROGRAM, "53.18"))
    page = client.get(reverse("sync:page")).content.decode()
    assert "Node di hub ini" in page and "token node untuk kecamatan ini" in page
    assert "rembuk node_init --hub &lt;alamat hub&gt; --token &lt;token node&gt;" in page
    assert "docs/" not in page


@pytest.mark.parametrize("action", ["sync:sync_now", "sync:bundle_download"])
def test_syncing_an_unlinked_computer_says_whom_to_ask_not_what_to_run(client, action):
    _login(client, user_with_role(Role.KECAMATAN, "53.18.11"))
    page = client.post(reverse(action), follow=True).content.decode()
    assert "Minta tim program di kabupaten untuk menghubungkannya" in page
    assert "node_init" not in page


def test_the_sync_command_on_an_unlinked_computer_names_the_command_to_link_it():
    with pytest.raises(CommandError, match="rembuk node_init --hub"):
        call_command("sync")


def test_a_conflict_names_its_record_and_field_as_the_interface_does(client):
    goal = GoalFactory(plan=PlanFactory(desa=region(DESA)), statement="Tujuan lama")
    _conflict(goal)
    _login(client, user_with_role(Role.KECAMATAN, "53.18.11"))
    page = client.get(reverse("sync:page")).content.decode()
    assert "Tujuan utama · Tujuan utama" in page  # the model, then the field
    assert "plans.goal" not in page and "statement" not in page


def _linked() -> HubLink:
    return HubLink.objects.create(
        hub_url="http://hub.invalid/api/sync/", token="rbk_x", region_code="53.18.11"
    )


def test_after_a_restore_the_page_tells_kecamatan_staff_that_nothing_was_lost(client, monkeypatch):
    _linked()
    monkeypatch.setattr(
        "rembuk.sync.views.sync_with_hub", lambda: services.SyncReport(node_restored=True)
    )
    _login(client, user_with_role(Role.KECAMATAN, "53.18.11"))
    page = client.post(reverse("sync:sync_now"), follow=True).content.decode()
    assert "Komputer ini dipulihkan dari cadangan. Tidak ada yang hilang" in page


def test_after_a_restore_the_sync_command_says_what_was_done(monkeypatch):
    from io import StringIO

    _linked()
    monkeypatch.setattr(
        "rembuk.sync.management.commands.sync.run_once",
        lambda: services.SyncReport(pushed=2, node_restored=True),
    )
    out = StringIO()
    call_command("sync", stdout=out)
    assert "This computer was restored from a backup. Nothing is lost" in out.getvalue()
    assert "Sent 2" in out.getvalue()


def test_the_sync_pages_forms_label_their_fields_without_a_colon(client):
    """The token and bundle forms are drawn by as_div, whose labels ended with ":" unlike every
    other form of the site (rembuk.core.forms.FormRenderer)."""
    _login(client, user_with_role(Role.TIM_PROGRAM, "53"))
    html = client.get(reverse("sync:page")).content.decode()
    labels = dict(re.findall(r'<label for="id_([a-z_]+)"[^>]*>([^<]*)</label>', html))
    assert {"region_code", "label", "bundle"} <= set(labels), labels
    assert labels["region_code"] == "Kode wilayah"
    assert not [text for text in labels.values() if text.strip().endswith(":")], labels
