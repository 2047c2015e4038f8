"""Who may administer which nodes (rembuk/sync/permissions.py, selectors.py, tokens.py): a
programme-team member issues, lists, downloads for, revokes node tokens and retries quarantined
changes only over the regions of their own membership. The matrix spans two kabupaten."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rembuk.core.testing import user_with_role
from rembuk.people.models import Role
from rembuk.sync import tokens
from rembuk.sync.merge import quarantine
from rembuk.sync.models import NodeToken, Quarantine

pytestmark = pytest.mark.django_db

SBD, SBT = "53.18", "81.05"
KODI, TELUK_WARU = "53.18.11", "81.05.15"


@pytest.fixture
def nodes() -> dict[str, NodeToken]:
    made = {}
    for code in (KODI, TELUK_WARU):
        token, _plain = tokens.token_issue(region_code=code, label=f"laptop {code}", actor=None)
        token.node_id = f"node-{code}"
        token.save(update_fields=["node_id"])
        quarantine({"change_id": None}, "invalid", "rusak", token.node_id, code)
        made[code] = token
    return made


ADMINS = {"admin SBD": (Role.TIM_PROGRAM, SBD), "admin SBT": (Role.TIM_PROGRAM, SBT)}
OWN = {"admin SBD": KODI, "admin SBT": TELUK_WARU}


def _as(client, who: str):
    client.force_login(user_with_role(*ADMINS[who]))
    return client


@pytest.mark.parametrize("who", ADMINS)
def test_the_page_lists_only_the_nodes_and_quarantine_of_ones_own_regions(client, nodes, who):
    response = _as(client, who).get(reverse("sync:page"))
    assert [row.token.region_code for row in response.context["tokens"]] == [OWN[who]]
    assert [item.region_code for item in response.context["quarantine"]] == [OWN[who]]


@pytest.mark.parametrize("who", ADMINS)
@pytest.mark.parametrize("code", [KODI, TELUK_WARU])
def test_issuing_a_token(client, nodes, who, code):
    before = NodeToken.objects.count()
    response = _as(client, who).post(reverse("sync:token_create"), {"region_code": code})
    if code == OWN[who]:
        assert response.context["new_token"].startswith("rbk_")
        assert NodeToken.objects.count() == before + 1
    else:
        assert response.context["new_token"] is None
        assert "outside your area" in response.content.decode() or "di luar" in (
            response.content.decode()
        )
        assert NodeToken.objects.count() == before


@pytest.mark.parametrize("who", ADMINS)
@pytest.mark.parametrize("code", [KODI, TELUK_WARU])
@pytest.mark.parametrize("action", ["token_bundle", "token_revoke", "token_revoke_lost"])
def test_acting_on_a_node_token(client, nodes, who, code, action):
    token = nodes[code]
    response = _as(client, who).post(reverse(f"sync:{action}", args=[token.pk]))
    token.refresh_from_db()
    if code == OWN[who]:
        assert response.status_code in (200, 302)
        assert (token.revoked_at is not None) == (action != "token_bundle")
    else:
        assert response.status_code == 404
        assert token.revoked_at is None


@pytest.mark.parametrize("who", ADMINS)
@pytest.mark.parametrize("code", [KODI, TELUK_WARU])
def test_retrying_a_quarantined_change(client, nodes, who, code):
    item = Quarantine.objects.get(region_code=code)
    response = _as(client, who).post(reverse("sync:quarantine_retry", args=[item.pk]))
    assert response.status_code == (302 if code == OWN[who] else 404)


def test_kecamatan_staff_administer_no_tokens(client, nodes):
    client.force_login(user_with_role(Role.KECAMATAN, KODI))
    assert client.post(reverse("sync:token_revoke", args=[nodes[KODI].pk])).status_code == 403
    assert client.get(reverse("sync:page")).context["tokens"] == []


def test_the_sync_page_costs_the_same_queries_for_two_nodes_as_for_ten(
    client, nodes, django_assert_num_queries
):
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    with django_assert_num_queries(9) as two:
        client.get(reverse("sync:page"))
    for number in range(8):
        tokens.token_issue(region_code=KODI, label=f"laptop {number}", actor=None)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(reverse("sync:page"))
    assert len(response.context["tokens"]) == 9
