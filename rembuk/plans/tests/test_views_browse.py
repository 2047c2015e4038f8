import pytest
from django.urls import reverse

from rembuk.core.testing import AgencyFactory, PlanFactory, region, user_with_role
from rembuk.people.models import Role
from rembuk.plans import selectors
from rembuk.regions.tests.helpers import small_kecamatan

pytestmark = pytest.mark.django_db


@pytest.fixture
def kecamatan_user(client):
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    client.force_login(user)
    return user


def test_region_pages_need_a_login(client):
    response = client.get(reverse("regions:region_list"))
    assert response.status_code == 302 and reverse("people:login") in response.url


def test_the_region_list_groups_kabupaten_by_provinsi_with_counts(client, kecamatan_user):
    response = client.get(reverse("regions:region_list"))
    html = response.content.decode()
    assert "Nusa Tenggara Timur" in html and "Kabupaten Sumba Barat Daya" in html
    kabupaten = {k.code: k for g in response.context["groups"] for k in g.kabupaten}
    assert kabupaten["53.18"].child_count == 11  # kecamatan of Sumba Barat Daya
    assert kabupaten["81.05"].grandchild_count > 100  # desa of Seram Bagian Timur


def test_the_region_list_costs_the_same_queries_with_more_kabupaten_data(
    client, kecamatan_user, django_assert_num_queries
):
    # session, user, memberships, kabupaten with data (none), then all kabupaten and their
    # kecamatan and desa counted in two grouped queries
    with django_assert_num_queries(8):
        client.get(reverse("regions:region_list"))
    AgencyFactory(kabupaten=region("53.18"))
    PlanFactory(desa=region("81.05.15.2001"))
    # session, user, memberships, kabupaten with data, their kecamatan and desa counted
    with django_assert_num_queries(7):
        response = client.get(reverse("regions:region_list"))
    assert len(response.context["groups"]) == 2


@pytest.mark.parametrize("kecamatan_code,desa", [("53.18.99", 2), ("81.05.15", 11)])
def test_a_kecamatan_page_costs_the_same_queries_for_2_desa_as_for_11(
    client, kecamatan_user, kecamatan_code, desa, django_assert_num_queries
):
    if kecamatan_code == "53.18.99":
        small_kecamatan(kecamatan_code, desa=2)
    PlanFactory(desa=region(f"{kecamatan_code}.2001"))
    url = reverse("regions:region_detail", args=[kecamatan_code])
    # session, user, memberships, the region, its breadcrumbs, its desa with plan counts
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["children"]) == desa


def test_a_kecamatan_page_shows_breadcrumbs_and_its_desa(client, kecamatan_user):
    response = client.get(reverse("regions:region_detail", args=["53.18.11"]))
    html = response.content.decode()
    assert reverse("regions:region_detail", args=["53.18"]) in html
    assert reverse("regions:region_detail", args=["53"]) in html
    assert "Wainyapu" in html
    assert len(response.context["children"]) == 8


def test_a_desa_page_lists_its_plans_and_offers_to_create_one(client, kecamatan_user):
    plan = PlanFactory(desa=region("53.18.11.2006"))
    html = client.get(reverse("regions:region_detail", args=["53.18.11.2006"])).content.decode()
    assert reverse("plans:plan_detail", args=[plan.pk]) in html
    assert reverse("plans:plan_create") + "?desa=53.18.11.2006" in html


@pytest.mark.parametrize("plans", [1, 3])
def test_a_desa_page_costs_the_same_queries_for_1_plan_as_for_3(
    client, kecamatan_user, plans, django_assert_num_queries
):
    for start in range(plans):
        PlanFactory(
            desa=region("53.18.11.2006"), period_start=2020 + 2 * start, period_end=2021 + 2 * start
        )
    # session, user, memberships, the region, its breadcrumbs, its plans
    with django_assert_num_queries(7):
        response = client.get(reverse("regions:region_detail", args=["53.18.11.2006"]))
    assert len(response.context["plans"]) == plans


def test_a_desa_page_outside_ones_area_shows_no_plan_and_no_create_link(client):
    PlanFactory(desa=region("53.18.11.2006"))
    client.force_login(user_with_role(Role.KECAMATAN, "81.05.15"))
    response = client.get(reverse("regions:region_detail", args=["53.18.11.2006"]))
    assert response.status_code == 200  # regions are reference data
    assert response.context["plans"] == [] and not response.context["can_create_plan"]
    assert reverse("plans:plan_create").encode() not in response.content


def test_an_agency_user_may_read_but_not_create_plans(client):
    client.force_login(user_with_role(Role.OPD, "53.18"))
    response = client.get(reverse("regions:region_detail", args=["53.18.11.2006"]))
    assert not response.context["can_create_plan"]


def test_an_unknown_region_code_is_a_404(client, kecamatan_user):
    assert client.get(reverse("regions:region_detail", args=["99.99"])).status_code == 404


def test_search_returns_a_full_page_or_an_htmx_fragment(client, kecamatan_user):
    url = reverse("regions:region_search")
    page = client.get(url, {"q": "wainyapu"})
    assert b"<html" in page.content and b"Wainyapu" in page.content
    fragment = client.get(url, {"q": "wainyapu"}, headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b"Wainyapu" in fragment.content
    assert reverse("regions:region_detail", args=["53.18.11.2006"]).encode() in fragment.content


def test_search_by_code_and_by_name_in_any_case(client, kecamatan_user):
    url = reverse("regions:region_search")
    by_code = client.get(url, {"q": "53.18.11"}).context["page"]
    assert by_code.paginator.count == 9
    by_name = client.get(url, {"q": "KODI"}).context["page"]
    assert "Kodi Balaghar" in [r.name for r in by_name.object_list]


def test_search_results_are_paginated(client, kecamatan_user, django_assert_num_queries):
    url = reverse("regions:region_search")
    # session, user, memberships, the count, one page of results
    with django_assert_num_queries(6):
        first = client.get(url, {"q": "81"}).context["page"]
    assert first.paginator.count > 100 and len(first.object_list) == 25
    second = client.get(url, {"q": "81", "page": "2"}).context["page"]
    assert second.number == 2
    assert {r.code for r in first.object_list}.isdisjoint({r.code for r in second.object_list})


def test_a_search_that_finds_nothing_says_so(client, kecamatan_user):
    response = client.get(reverse("regions:region_search"), {"q": "tidakadadesaini"})
    assert response.context["page"].paginator.count == 0
    assert "tidakadadesaini" in response.content.decode()


def test_text_typed_in_the_search_is_escaped(client, kecamatan_user):
    response = client.get(reverse("regions:region_search"), {"q": "<script>x</script>"})
    assert b"<script>x</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_with_no_regions_loaded_staff_are_told_whom_to_ask_and_only_an_administrator_the_command(
    client, kecamatan_user, monkeypatch
):
    # As on an installation where no region has been loaded yet (the pilot data is in every
    # test database, so the overview is emptied instead).
    monkeypatch.setattr(selectors, "kabupaten_overview", lambda user, show_all: ([], False))
    html = client.get(reverse("regions:region_list")).content.decode()
    assert "programme team" in html or "tim program" in html
    assert "manage.py" not in html and "import_regions" not in html
    kecamatan_user.is_superuser = True
    kecamatan_user.save(update_fields=["is_superuser"])
    assert "rembuk import_regions" in client.get(reverse("regions:region_list")).content.decode()
