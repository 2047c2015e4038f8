import pytest
from django.urls import reverse

from rembuk.core.testing import PlanFactory, region, user_with_role
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db


def test_a_plan_outside_the_users_region_is_a_404_page_that_leads_back(client):
    other = PlanFactory(desa=region("81.05.15.2001"))
    client.force_login(user_with_role(Role.TIM_DESA, "53.18.11.2006"))
    response = client.get(reverse("plans:plan_detail", args=[other.pk]))
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert reverse("core:home") in response.content.decode()


def test_a_page_the_role_may_not_use_is_a_403_page(client):
    client.force_login(user_with_role(Role.TIM_DESA, "53.18.11.2006"))
    response = client.get(reverse("people:user_list"))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]


def test_a_form_sent_with_an_old_token_gets_a_page_saying_why_and_nothing_is_saved():
    """A form opened before someone logged in again on the browser: Django refuses its token.
    The person reads why in their language and how to send it again, not Django's page about
    headers; the way back is offered only to a page of this site."""
    from django.test import Client

    from rembuk.core.testing import PlanFactory

    plan = PlanFactory(desa=region("53.18.11.2006"), notes="")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.TIM_DESA, "53.18.11.2006"))
    client.cookies["csrftoken"] = "a" * 32
    form = reverse("plans:plan_update", args=[plan.pk])
    fields = {"notes": "isian lama", "csrfmiddlewaretoken": "b" * 32}
    same_site = client.post(form, fields, HTTP_REFERER=f"http://testserver{form}")
    assert same_site.status_code == 403
    assert "403_csrf.html" in [t.name for t in same_site.templates]
    page = same_site.content.decode()
    assert "Formulir ini sudah kedaluwarsa" in page
    assert f'<a class="button" href="{form}">' in page  # the page it was sent from, on this site
    assert "csrf verification" not in page.lower() and "verifikasi csrf" not in page.lower()
    assert "tidak mengirim cookie" not in page
    elsewhere = client.post(form, fields, HTTP_REFERER="https://contoh.example/jebakan")
    assert "contoh.example" not in elsewhere.content.decode()
    assert "/jebakan" not in elsewhere.content.decode()
    del client.cookies["csrftoken"]
    without_cookies = client.post(form, fields)
    assert without_cookies.status_code == 403
    assert "tidak mengirim cookie" in without_cookies.content.decode()
    plan.refresh_from_db()
    assert plan.notes == ""
