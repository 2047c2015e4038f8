"""Activity dependencies: services (same plan, no cycles) and the checkbox page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from rembuk.core.testing import full_plan, user_with_role
from rembuk.people.models import Role
from rembuk.plans import services
from rembuk.plans.models import Activity, ActivityDependency

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the services' messages in the source language (English); the
    Indonesian a person sees is checked by the view and browser tests."""
    with translation.override("en"):
        yield


WAINYAPU = "53.18.11.2006"
OTHER_DESA = "53.18.11.2001"


def activities(plan):
    return list(Activity.objects.filter(goal__plan=plan).order_by("goal__position", "position"))


@pytest.fixture
def plan():
    return full_plan(WAINYAPU, goals=2, activities_per_goal=2)


def test_an_activity_depends_on_another_of_the_same_plan_once(plan):
    a, b, *_ = activities(plan)
    first = services.activity_dependency_add(activity=b, depends_on=a, actor=None)
    again = services.activity_dependency_add(activity=b, depends_on=a, actor=None)
    assert first.pk == again.pk
    assert ActivityDependency.objects.filter(activity=b, depends_on=a).count() == 1


def test_a_dependency_on_itself_is_refused(plan):
    a = activities(plan)[0]
    with pytest.raises(ValidationError) as refused:
        services.activity_dependency_add(activity=a, depends_on=a, actor=None)
    assert refused.value.code == "dependency_self"


def test_a_dependency_across_plans_is_refused(plan):
    other = activities(full_plan(OTHER_DESA, goals=1, activities_per_goal=1))[0]
    with pytest.raises(ValidationError) as refused:
        services.activity_dependency_add(activity=activities(plan)[0], depends_on=other, actor=None)
    assert refused.value.code == "dependency_other_plan"
    assert "same plan" in str(refused.value)


def test_a_cycle_is_refused_even_through_other_activities(plan):
    a, b, c, _ = activities(plan)
    services.activity_dependency_add(activity=b, depends_on=a, actor=None)
    services.activity_dependency_add(activity=c, depends_on=b, actor=None)
    with pytest.raises(ValidationError) as refused:
        services.activity_dependency_add(activity=a, depends_on=c, actor=None)
    assert refused.value.code == "dependency_cycle"
    assert a.name in str(refused.value) and c.name in str(refused.value)
    assert not ActivityDependency.objects.filter(activity=a).exists()


def test_setting_dependencies_adds_and_removes_links(plan):
    a, b, c, d = activities(plan)
    services.activity_dependencies_set(activity=d, depends_on=[a, b], actor=None)
    services.activity_dependencies_set(activity=d, depends_on=[b, c], actor=None)
    assert set(
        ActivityDependency.objects.filter(activity=d).values_list("depends_on", flat=True)
    ) == {
        b.pk,
        c.pk,
    }


def test_a_removed_dependency_can_be_added_again(plan):
    a, b, *_ = activities(plan)
    services.activity_dependencies_set(activity=b, depends_on=[a], actor=None)
    services.activity_dependencies_set(activity=b, depends_on=[], actor=None)
    services.activity_dependencies_set(activity=b, depends_on=[a], actor=None)
    assert ActivityDependency.objects.filter(activity=b, depends_on=a).count() == 1
    assert ActivityDependency.all_objects.filter(activity=b, depends_on=a).count() == 2


def test_the_dependency_page_saves_checked_boxes_without_javascript(client, plan):
    a, b, c, _ = activities(plan)
    client.force_login(user_with_role(Role.TIM_DESA, WAINYAPU, language="en"))
    url = reverse("plans:activity_dependencies", args=[plan.pk, c.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert a.name in page.content.decode()
    response = client.post(url, {"depends_on": [str(a.pk), str(b.pk)]})
    assert response.status_code == 302
    assert set(
        ActivityDependency.objects.filter(activity=c).values_list("depends_on", flat=True)
    ) == {
        a.pk,
        b.pk,
    }


def test_the_dependency_page_shows_a_cycle_refusal(client, plan):
    a, b, *_ = activities(plan)
    services.activity_dependency_add(activity=b, depends_on=a, actor=None)
    client.force_login(user_with_role(Role.TIM_DESA, WAINYAPU, language="en"))
    response = client.post(
        reverse("plans:activity_dependencies", args=[plan.pk, a.pk]), {"depends_on": [str(b.pk)]}
    )
    assert response.status_code == 200
    assert "cannot wait for each other" in response.content.decode()


def test_the_dependency_page_of_another_desa_is_a_404(client, plan):
    client.force_login(user_with_role(Role.TIM_DESA, OTHER_DESA, language="en"))
    url = reverse("plans:activity_dependencies", args=[plan.pk, activities(plan)[0].pk])
    assert client.get(url).status_code == 404
