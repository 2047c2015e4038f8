"""A new entry of a sheet sent twice — its first save arrived but its answer did not, and the
page sends it again without an id (static/js/rembuk.js) — is one entry, not two."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core import history
from rembuk.meetings import services
from rembuk.meetings.models import Challenge, FollowUp
from rembuk.meetings.tests.conftest import WAINYAPU
from rembuk.meetings.views import cells

pytestmark = pytest.mark.django_db


# What a follow-up needs besides its text: a kind and who carries it out.
FOLLOWUP = {"kind": FollowUp.Kind.VILLAGE_ACTION, "owner": FollowUp.Owner.DESA}


def _new_entry(meeting, kind, key, text):
    sheet = meeting.sheets.get(desa__code=WAINYAPU)
    goal = sheet.desa.plans.get().goals.order_by("position").first()
    return reverse(f"meetings:{kind}_save", args=[meeting.id, sheet.id]), {
        "goal": goal.id,
        "key": key,
        "text": text,
        "was_text": "",
        **(FOLLOWUP if kind == "followup" else {}),
    }


@pytest.mark.parametrize(("kind", "model"), [("challenge", Challenge), ("followup", FollowUp)])
def test_a_new_entry_sent_again_with_its_key_is_updated_not_added_twice(
    meeting, kecamatan_user, kind, model
):
    client = Client()
    client.force_login(kecamatan_user)
    key = uuid.uuid4().hex
    url, data = _new_entry(meeting, kind, key, "Penyuluh belum datang")
    for _ in range(2):
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    entry = model.objects.get()
    assert (entry.pk, entry.text) == (uuid.UUID(key), "Penyuluh belum datang")
    client.post(url, {**data, "text": "Penyuluh belum datang ke dusun"}, HTTP_HX_REQUEST="true")
    assert model.objects.get().text == "Penyuluh belum datang ke dusun"


def test_a_key_naming_an_entry_of_another_sheet_makes_a_new_entry_and_leaves_that_one_alone(
    meeting, kecamatan_user
):
    """A forged key cannot reach a record outside the sheet it is posted to."""
    client = Client()
    client.force_login(kecamatan_user)
    other = meeting.sheets.exclude(desa__code=WAINYAPU).get()
    elsewhere_goal = other.desa.plans.get().goals.first()
    elsewhere = history.create(
        Challenge, actor=None, sheet=other, goal=elsewhere_goal, text="Milik desa lain", position=1
    )
    url, data = _new_entry(meeting, "challenge", elsewhere.pk.hex, "Kendala baru")
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    assert Challenge.objects.get(pk=elsewhere.pk).text == "Milik desa lain"
    made = Challenge.objects.exclude(pk=elsewhere.pk).get()
    assert (made.sheet_id, made.text) == (
        meeting.sheets.get(desa__code=WAINYAPU).pk,
        "Kendala baru",
    )


@pytest.mark.parametrize(("kind", "model"), [("challenge", Challenge), ("followup", FollowUp)])
def test_a_new_entry_sent_again_after_someone_deleted_it_is_refused_not_an_error(
    meeting, kecamatan_user, kind, model
):
    """Its first save arrived, someone deleted the entry, then the page sent it again: the key
    names a deleted record, which the page is told about, and nothing is written."""
    client = Client()
    client.force_login(kecamatan_user)
    key = uuid.uuid4().hex
    url, data = _new_entry(meeting, kind, key, "Penyuluh belum datang")
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    history.soft_delete(model.objects.get(), actor=None)
    changes = history.ChangeLog.objects.count()
    answer = client.post(url, data, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="id")
    # A refused cell answers 200 with its save state, the refusal in it (rembuk.core.autosave).
    assert answer.status_code == 200
    assert "Orang lain sudah menghapus isian ini" in answer.content.decode()
    assert not model.objects.exists()
    assert model.all_objects.get().text == "Penyuluh belum datang"
    assert history.ChangeLog.objects.count() == changes


def test_a_key_naming_a_deleted_entry_of_another_sheet_makes_a_new_entry_and_leaves_it_alone(
    meeting, kecamatan_user
):
    client = Client()
    client.force_login(kecamatan_user)
    other = meeting.sheets.exclude(desa__code=WAINYAPU).get()
    elsewhere = history.create(
        Challenge,
        actor=None,
        sheet=other,
        goal=other.desa.plans.get().goals.first(),
        text="Milik desa lain",
        position=1,
    )
    history.soft_delete(elsewhere, actor=None)
    url, data = _new_entry(meeting, "challenge", elsewhere.pk.hex, "Kendala baru")
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    kept = Challenge.all_objects.get(pk=elsewhere.pk)
    assert (kept.sheet_id, kept.text, kept.is_deleted) == (other.pk, "Milik desa lain", True)
    made = Challenge.objects.get()
    assert (made.sheet_id, made.text) == (
        meeting.sheets.get(desa__code=WAINYAPU).pk,
        "Kendala baru",
    )


@pytest.mark.parametrize(("kind", "model"), [("challenge", Challenge), ("followup", FollowUp)])
def test_a_new_entry_whose_first_copy_lands_while_the_second_is_on_its_way_is_one_entry(
    meeting, kecamatan_user, kind, model, monkeypatch
):
    """Both copies arrive together: the second's view finds the key free, then the first is
    written before the second's service runs. The service decides under its write lock, so the
    second updates the first instead of failing on the taken id."""
    client = Client()
    client.force_login(kecamatan_user)
    key = uuid.uuid4().hex
    url, data = _new_entry(meeting, kind, key, "Penyuluh belum datang")
    checked = cells.entry_of

    def first_copy_lands_meanwhile(entry_model, find, sheet, post):
        found = checked(entry_model, find, sheet, post)
        getattr(services, f"{kind}_save")(
            sheet=sheet,
            goal=sheet.desa.plans.get().goals.order_by("position").first(),
            actor=kecamatan_user,
            new_id=uuid.UUID(key),
            text="Penyuluh belum datang",
        )
        return found

    monkeypatch.setattr(cells, "entry_of", first_copy_lands_meanwhile)
    answer = client.post(url, data, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert "status-error" not in answer.content.decode()
    entry = model.objects.get()
    assert (entry.pk, entry.text) == (uuid.UUID(key), "Penyuluh belum datang")
