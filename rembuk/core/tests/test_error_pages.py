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
