import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rembuk.core import history
from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MilestoneFactory,
    PlanFactory,
    full_plan,
    region,
    user_with_role,
)
from rembuk.plans.models import Activity, Authority, Goal, LivelihoodPlan, Milestone

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"
OTHER_DESA = "53.18.11.2001"
HX = {"HTTP_HX_REQUEST": "true"}


def login(client, role, code):
    user = user_with_role(role, code, language="en")
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    return login(client, "kecamatan", "53.18.11")


@pytest.fixture
def activity():
    return ActivityFactory(
        milestone=MilestoneFactory(goal=GoalFactory(plan=PlanFactory(desa=region(WAINYAPU))))
    )


def detail_url(plan):
    return reverse("plans:plan_detail", args=[plan.pk])


def activity_post(activity, *, base_version=None, **changes):
    """What the browser sends: current values, the hidden initial values, and the changes."""
    start = {
        "name": activity.name,
        "description": activity.description,
        "funding_sources": list(activity.funding_sources),
        "funding_note": activity.funding_note,
        "authority": activity.authority,
        "milestone": str(activity.milestone_id or ""),
    }
    data = {f"initial-{name}": value for name, value in start.items()}
    data.update(start)
    data.update(changes)
    data["base_version"] = activity.version if base_version is None else base_version
    return data


# --- the plan page --------------------------------------------------------------------------


def test_the_plan_page_reads_like_matriks_1(client, editor):
    plan = PlanFactory(desa=region(WAINYAPU))
    goal = GoalFactory(plan=plan, statement="Semua warga terbebas dari rentenir")
    milestone = MilestoneFactory(goal=goal)
    ActivityFactory(goal=goal, milestone=milestone, authority=Authority.KABUPATEN, name="Jalan")
    response = client.get(detail_url(plan))
    assert response.status_code == 200
    page = response.content.decode()
    headers = [
        "Goal and target",
        "Intermediate goal and its target value",
        "Planned activities",
        "Description of the activity",
        "Funding sources",
    ]
    positions = [page.index(f">{header}</th>") for header in headers]
    assert positions == sorted(positions)
    assert '<span class="number">1.</span> Semua warga terbebas dari rentenir' in page
    assert "authority-kabupaten" in page
    assert '<span class="badge proposal">Musrenbang</span>' in page
    for name in ("plan_export_xlsx", "plan_export_pdf", "plan_history"):
        assert reverse(f"plans:{name}", args=[plan.pk]) in page
    assert reverse("plans:musrenbang_proposals", args=["53.18.11"]) in page
    assert reverse("plans:plan_adopt", args=[plan.pk]) in page
    assert reverse("plans:plan_delete", args=[plan.pk]) in page


def test_each_row_tool_links_to_its_own_item(client, editor):
    # The row tools are built once per process with the ids slotted in (plans.matrix_cells).
    plan = PlanFactory(desa=region(WAINYAPU))
    goals = [GoalFactory(plan=plan), GoalFactory(plan=plan)]
    milestones = [MilestoneFactory(goal=goal) for goal in goals]
    activities = [ActivityFactory(goal=m.goal, milestone=m) for m in milestones for _ in range(2)]
    page = client.get(detail_url(plan)).content.decode()
    expected = [
        (name, item.pk)
        for item in goals
        for name in ("goal_edit", "goal_move", "goal_delete", "milestone_add", "activity_add")
    ]
    expected += [
        (name, item.pk)
        for item in milestones
        for name in ("milestone_edit", "milestone_move", "milestone_delete")
    ]
    expected += [
        (name, item.pk)
        for item in activities
        for name in ("activity_edit", "activity_move", "activity_dependencies", "activity_delete")
    ]
    for name, pk in expected:
        assert f'"{reverse(f"plans:{name}", args=[plan.pk, pk])}' in page, name


def test_html_in_any_field_shows_as_text(client, editor):
    plan = PlanFactory(desa=region(WAINYAPU), notes="<b>catatan</b>")
    goal = GoalFactory(plan=plan, statement="<script>alert('x')</script>", target="<i>t</i>")
    ActivityFactory(
        milestone=MilestoneFactory(goal=goal, statement="<img src=x onerror=alert(1)>"),
        goal=goal,
        name="<script>kegiatan</script>",
        description="<a href='javascript:x'>k</a>",
        funding_note="<u>n</u>",
    )
    page = client.get(detail_url(plan)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;kegiatan&lt;/script&gt;" in page
    assert "<a href='javascript" not in page
    for tag in ("<b>catatan", "<i>t</i>", "<u>n</u>"):
        assert tag not in page


def test_the_plan_page_costs_the_same_queries_for_30_activities_as_for_1(
    client, editor, django_assert_num_queries
):
    small = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    big = full_plan(OTHER_DESA, goals=3, activities_per_goal=10)
    client.get(detail_url(small))  # warm the session
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(detail_url(small)).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        response = client.get(detail_url(big))
    assert response.content.decode().count('class="col-activity wrap-anywhere"') == 30
    # session, user, memberships, plan, 2 for the matrix (goals with their milestones, then
    # the activities), unread notifications (header)
    assert len(small_queries) == 7


def test_a_village_user_of_another_desa_gets_404_on_the_page_and_every_edit_url(client, activity):
    login(client, "tim_desa", OTHER_DESA)
    plan = activity.goal.plan
    goal, milestone = activity.goal, activity.milestone
    urls = [
        detail_url(plan),
        reverse("plans:plan_history", args=[plan.pk]),
        reverse("plans:goal_fragment", args=[plan.pk, goal.pk]),
        reverse("plans:plan_update", args=[plan.pk]),
        reverse("plans:plan_adopt", args=[plan.pk]),
        reverse("plans:plan_delete", args=[plan.pk]),
        reverse("plans:goal_add", args=[plan.pk]),
        reverse("plans:goal_edit", args=[plan.pk, goal.pk]),
        reverse("plans:goal_delete", args=[plan.pk, goal.pk]),
        reverse("plans:milestone_add", args=[plan.pk, goal.pk]),
        reverse("plans:milestone_edit", args=[plan.pk, milestone.pk]),
        reverse("plans:milestone_delete", args=[plan.pk, milestone.pk]),
        reverse("plans:activity_add", args=[plan.pk, goal.pk]),
        reverse("plans:activity_edit", args=[plan.pk, activity.pk]),
        reverse("plans:activity_delete", args=[plan.pk, activity.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    post_urls = [
        *urls[3:],
        reverse("plans:goal_move", args=[plan.pk, goal.pk]),
        reverse("plans:milestone_move", args=[plan.pk, milestone.pk]),
        reverse("plans:activity_move", args=[plan.pk, activity.pk]),
    ]
    for url in post_urls:
        assert client.post(url, {"direction": "up", "statement": "x", "name": "x"}).status_code == (
            404
        ), url
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert not Goal.objects.filter(statement="x").exists()


def test_items_of_another_plan_are_404_even_for_an_editor_of_both(client, editor, activity):
    other_plan = PlanFactory(desa=region(OTHER_DESA))
    url = reverse("plans:activity_edit", args=[other_plan.pk, activity.pk])
    assert client.get(url).status_code == 404


def test_the_kabupaten_team_reads_the_plan_without_edit_controls_and_cannot_edit(client, activity):
    login(client, "tim_kabupaten", "53.18")
    plan = activity.goal.plan
    page = client.get(detail_url(plan)).content.decode()
    assert activity.name in page
    assert "/ubah/" not in page
    assert "/hapus/" not in page
    assert "hx-post" not in page
    assert reverse("plans:plan_adopt", args=[plan.pk]) not in page
    edit = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    assert client.get(edit).status_code in (403, 404)
    assert client.post(edit, activity_post(activity, name="Diubah")).status_code in (403, 404)
    delete = reverse("plans:activity_delete", args=[plan.pk, activity.pk])
    assert client.post(delete).status_code in (403, 404)
    assert Activity.objects.get(pk=activity.pk).name == activity.name


def test_anonymous_people_are_sent_to_log_in(client, activity):
    response = client.get(detail_url(activity.goal.plan))
    assert response.status_code == 302
    assert "next=" in response["Location"]


# --- editing in place -----------------------------------------------------------------------


def test_edit_with_htmx_returns_the_goal_fragment_with_the_form(client, editor, activity):
    plan = activity.goal.plan
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    response = client.get(url, **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tbody id="goal-{activity.goal_id}"')
    assert "<html" not in body
    assert f'hx-post="{url}"' in body
    assert f'name="base_version" value="{activity.version}"' in body


def test_edit_without_javascript_renders_the_whole_page_with_the_form_in_place(
    client, editor, activity
):
    plan = activity.goal.plan
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    body = client.get(url).content.decode()
    assert "<html" in body
    assert f'<form method="post" action="{url}"' in body
    assert "Goal and target" in body


def test_saving_with_htmx_returns_the_rendered_rows(client, editor, activity):
    plan = activity.goal.plan
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    response = client.post(url, activity_post(activity, name="Pelatihan baru"), **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tbody id="goal-{activity.goal_id}"')
    assert "Pelatihan baru" in body
    assert '<form method="post" action="' + url not in body
    assert Activity.objects.get(pk=activity.pk).name == "Pelatihan baru"


def test_saving_without_javascript_redirects_to_the_row(client, editor, activity):
    plan = activity.goal.plan
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    response = client.post(
        url, activity_post(activity, funding_sources=["dana_desa", "swadaya"], authority="pusat")
    )
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(plan)}#activity-{activity.pk}"
    saved = Activity.objects.get(pk=activity.pk)
    assert saved.funding_sources == ["dana_desa", "swadaya"]
    assert saved.authority == "pusat"


def test_validation_errors_appear_in_the_fragment(client, editor, activity):
    plan = activity.goal.plan
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    response = client.post(url, activity_post(activity, name=""), **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="errorlist' in body
    assert f'hx-post="{url}"' in body


def test_an_unknown_funding_code_is_refused_in_the_form(client, editor, activity):
    plan = activity.goal.plan
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    response = client.post(url, activity_post(activity, funding_sources=["bank_dunia"]), **HX)
    assert "bank_dunia" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).funding_sources == ["csr"]


def test_a_stale_edit_of_the_same_text_shows_the_current_text_and_keeps_mine(
    client, editor, activity
):
    plan = activity.goal.plan
    started_at = activity.version
    history.update(activity, actor=None, name="Teks Ani")
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    response = client.post(
        url, activity_post(activity, base_version=started_at, name="Teks Budi"), **HX
    )
    body = response.content.decode()
    assert "Saved meanwhile by someone else" in body
    assert '<dd class="wrap-anywhere">Teks Ani</dd>' in body
    assert "Teks Budi</textarea>" in body
    current = Activity.objects.get(pk=activity.pk)
    assert current.name == "Teks Ani"
    # The form now starts from the current version: saving again (after merging) goes through.
    assert f'name="base_version" value="{current.version}"' in body
    client.post(
        url,
        activity_post(activity, base_version=current.version, name="Teks Ani dan Budi"),
        **HX,
    )
    assert Activity.objects.get(pk=activity.pk).name == "Teks Ani dan Budi"


def test_a_stale_edit_of_another_field_merges_through_the_form(client, editor, activity):
    plan = activity.goal.plan
    started_at = activity.version
    history.update(activity, actor=None, name="Nama dari Ani")
    url = reverse("plans:activity_edit", args=[plan.pk, activity.pk])
    # Budi's form still shows the old name; he changes only the description.
    response = client.post(
        url, activity_post(activity, base_version=started_at, description="Bulan Maret")
    )
    assert response.status_code == 302
    merged = Activity.objects.get(pk=activity.pk)
    assert (merged.name, merged.description) == ("Nama dari Ani", "Bulan Maret")


def test_a_goal_edit_in_place(client, editor, activity):
    goal = activity.goal
    url = reverse("plans:goal_edit", args=[goal.plan_id, goal.pk])
    data = {
        "base_version": goal.version,
        "statement": "Tujuan baru",
        "initial-statement": goal.statement,
        "target": goal.target,
        "initial-target": goal.target,
        "target_year": goal.target_year,
        "initial-target_year": goal.target_year,
    }
    body = client.post(url, data, **HX).content.decode()
    assert body.lstrip().startswith(f'<tbody id="goal-{goal.pk}"')
    assert "Tujuan baru" in body


def test_adding_a_goal_with_htmx_returns_the_matrix(client, editor):
    plan = PlanFactory(desa=region(WAINYAPU))
    url = reverse("plans:goal_add", args=[plan.pk])
    form = client.get(url, **HX).content.decode()
    assert form.lstrip().startswith('<div id="matrix"')
    assert f'hx-post="{url}"' in form
    body = client.post(url, {"statement": "Air bersih", "target_year": "2025"}, **HX)
    assert body.content.decode().lstrip().startswith('<div id="matrix"')
    assert "Air bersih" in body.content.decode()


def test_adding_a_milestone_and_an_activity_without_javascript(client, editor):
    goal = GoalFactory(plan=PlanFactory(desa=region(WAINYAPU)))
    plan = goal.plan
    response = client.post(
        reverse("plans:milestone_add", args=[plan.pk, goal.pk]),
        {"statement": "BUMDes membeli panen", "target_value": "50 ton"},
    )
    milestone = Milestone.objects.get(goal=goal)
    assert response["Location"] == f"{detail_url(plan)}#milestone-{milestone.pk}"
    url = reverse("plans:activity_add", args=[plan.pk, goal.pk])
    page = client.get(url, {"milestone": str(milestone.pk)}).content.decode()
    assert f'<option value="{milestone.pk}" selected>' in page
    response = client.post(
        url,
        {
            "name": "Pembelian jagung",
            "milestone": str(milestone.pk),
            "authority": "desa",
            "funding_sources": ["bumdes"],
        },
    )
    activity = Activity.objects.get(goal=goal)
    assert response["Location"] == f"{detail_url(plan)}#activity-{activity.pk}"
    assert activity.milestone_id == milestone.pk
    assert activity.funding_sources == ["bumdes"]


def test_an_add_form_shows_as_a_new_row_under_its_milestone(client, editor, activity):
    plan = activity.goal.plan
    url = reverse("plans:activity_add", args=[plan.pk, activity.goal_id])
    body = client.get(url, {"milestone": str(activity.milestone_id)}, **HX).content.decode()
    assert 'rowspan="2"' in body  # the milestone cell now spans its activity and the form
    assert f'hx-post="{url}"' in body


def test_delete_asks_for_confirmation_without_javascript(client, editor, activity):
    plan = activity.goal.plan
    url = reverse("plans:activity_delete", args=[plan.pk, activity.pk])
    page = client.get(url).content.decode()
    assert "Delete this activity?" in page
    assert activity.name in page
    assert Activity.objects.filter(pk=activity.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_delete_with_htmx_confirms_in_the_browser_and_returns_the_fragment(
    client, editor, activity
):
    plan = activity.goal.plan
    page = client.get(detail_url(plan)).content.decode()
    assert 'hx-confirm="Delete this activity?"' in page
    url = reverse("plans:activity_delete", args=[plan.pk, activity.pk])
    body = client.post(url, **HX).content.decode()
    assert body.lstrip().startswith(f'<tbody id="goal-{activity.goal_id}"')
    assert f"activity-{activity.pk}" not in body


def test_deleting_a_goal_with_htmx_returns_the_matrix(client, editor, activity):
    goal = activity.goal
    body = client.post(
        reverse("plans:goal_delete", args=[goal.plan_id, goal.pk]), **HX
    ).content.decode()
    assert body.lstrip().startswith('<div id="matrix"')
    assert "This plan has no goals yet." in body


def test_moving_an_activity_down_with_and_without_htmx(client, editor, activity):
    plan = activity.goal.plan
    second = ActivityFactory(
        goal=activity.goal, milestone=activity.milestone, position=activity.position + 1
    )
    url = reverse("plans:activity_move", args=[plan.pk, activity.pk])
    body = client.post(url, {"direction": "down"}, **HX).content.decode()
    assert body.index(f"activity-{second.pk}") < body.index(f"activity-{activity.pk}")
    response = client.post(url, {"direction": "up"})
    assert response["Location"] == f"{detail_url(plan)}#activity-{activity.pk}"
    assert client.post(url, {"direction": "sideways"}).status_code == 404
    assert client.get(url).status_code == 405


def test_moving_a_goal_returns_the_matrix_in_the_new_order(client, editor):
    plan = PlanFactory(desa=region(WAINYAPU))
    first = GoalFactory(plan=plan, position=0, statement="Pertama")
    GoalFactory(plan=plan, position=1, statement="Kedua")
    url = reverse("plans:goal_move", args=[plan.pk, first.pk])
    body = client.post(url, {"direction": "down"}, **HX).content.decode()
    assert body.index("Kedua") < body.index("Pertama")


def test_cancel_returns_the_read_only_rows_or_the_page(client, editor, activity):
    goal = activity.goal
    url = reverse("plans:goal_fragment", args=[goal.plan_id, goal.pk])
    body = client.get(url, **HX).content.decode()
    assert body.lstrip().startswith(f'<tbody id="goal-{goal.pk}"')
    assert '<form method="post" action="/' not in body.split("row-tools")[0]
    assert client.get(url)["Location"].endswith(f"#goal-{goal.pk}")


# --- plan header: create, update, adopt, delete ---------------------------------------------


def test_creating_a_plan_prefills_the_desa_and_redirects_to_it(client, editor):
    url = reverse("plans:plan_create")
    page = client.get(url, {"desa": WAINYAPU}).content.decode()
    assert f'<option value="{WAINYAPU}" selected>' in page
    response = client.post(url, {"desa": WAINYAPU, "period_start": 2024, "period_end": 2025})
    plan = LivelihoodPlan.objects.get(desa__code=WAINYAPU)
    assert response["Location"] == detail_url(plan)


def test_creating_an_overlapping_plan_shows_the_reason(client, editor):
    PlanFactory(desa=region(WAINYAPU), period_start=2024, period_end=2025)
    response = client.post(
        reverse("plans:plan_create"), {"desa": WAINYAPU, "period_start": 2025, "period_end": 2026}
    )
    assert "Desa Wainyapu already has a plan for 2024–2025." in response.content.decode()
    assert LivelihoodPlan.objects.filter(desa__code=WAINYAPU).count() == 1


def test_a_plan_cannot_be_created_outside_the_edit_scope(client):
    login(client, "tim_desa", OTHER_DESA)
    response = client.post(
        reverse("plans:plan_create"), {"desa": WAINYAPU, "period_start": 2024, "period_end": 2025}
    )
    assert response.status_code == 200
    assert not LivelihoodPlan.objects.filter(desa__code=WAINYAPU).exists()


def test_the_kabupaten_team_cannot_create_plans(client):
    login(client, "tim_kabupaten", "53.18")
    assert client.get(reverse("plans:plan_create")).status_code == 403


def test_adopting_a_plan_from_its_page(client, editor, activity):
    plan = activity.goal.plan
    response = client.post(
        reverse("plans:plan_adopt", args=[plan.pk]), {"adopted_on": "2023-12-01"}
    )
    assert response.status_code == 302
    plan = LivelihoodPlan.objects.get(pk=plan.pk)
    assert (plan.status, plan.adopted_on) == ("ditetapkan", datetime.date(2023, 12, 1))
    page = client.get(detail_url(plan)).content.decode()
    assert "You can still revise it" in page


def test_adopting_with_a_future_date_shows_the_reason(client, editor, activity):
    plan = activity.goal.plan
    response = client.post(
        reverse("plans:plan_adopt", args=[plan.pk]), {"adopted_on": "2099-01-01"}
    )
    assert "cannot be in the future" in response.content.decode()


def test_changing_the_period_of_a_plan(client, editor):
    plan = PlanFactory(desa=region(WAINYAPU))
    response = client.post(
        reverse("plans:plan_update", args=[plan.pk]),
        {
            "base_version": plan.version,
            "period_start": 2024,
            "initial-period_start": 2024,
            "period_end": 2026,
            "initial-period_end": 2025,
            "notes": "",
            "initial-notes": "",
        },
    )
    assert response.status_code == 302
    assert LivelihoodPlan.objects.get(pk=plan.pk).period_end == 2026


def test_deleting_a_plan_after_confirmation(client, editor):
    plan = PlanFactory(desa=region(WAINYAPU))
    url = reverse("plans:plan_delete", args=[plan.pk])
    assert client.get(url).status_code == 200
    assert client.post(url)["Location"] == reverse("plans:plan_list")
    assert not LivelihoodPlan.objects.filter(pk=plan.pk).exists()


# --- list -----------------------------------------------------------------------------------


def test_the_list_shows_only_visible_plans_and_filters_them(client):
    login(client, "tim_desa", WAINYAPU)
    mine = PlanFactory(desa=region(WAINYAPU), period_start=2024, period_end=2025)
    PlanFactory(desa=region(OTHER_DESA))
    PlanFactory(desa=region("81.05.15.2001"))
    page = client.get(reverse("plans:plan_list")).content.decode()
    assert detail_url(mine) in page
    assert "Wainyapu" in page
    assert "Waru" not in page.split("<main")[1]
    assert (
        detail_url(mine)
        not in client.get(reverse("plans:plan_list"), {"year": "2030"}).content.decode()
    )
    assert (
        detail_url(mine)
        not in client.get(reverse("plans:plan_list"), {"status": "ditetapkan"}).content.decode()
    )


def test_the_list_filters_by_kecamatan_and_desa_name(client):
    login(client, "tim_program", "53")
    waru = PlanFactory(desa=region("81.05.15.2001"))
    wainyapu = PlanFactory(desa=region(WAINYAPU))
    by_kecamatan = client.get(reverse("plans:plan_list"), {"kecamatan": "53.18.11"})
    assert detail_url(wainyapu) in by_kecamatan.content.decode()
    assert detail_url(waru) not in by_kecamatan.content.decode()
    by_name = client.get(reverse("plans:plan_list"), {"q": "wainya"}).content.decode()
    assert detail_url(wainyapu) in by_name
    assert reverse("plans:musrenbang_proposals", args=["53.18.11"]) in by_name


def test_a_scope_of_more_kecamatan_than_a_list_offers_types_the_kecamatan_code(client, monkeypatch):
    """A national team's scope holds 7,277 kecamatan: no <select> of them all, nor a link to
    each one's Musrenbang proposals; the code is typed, and the one chosen gets its link."""
    from rembuk.plans import views

    login(client, "tim_program", "53")
    wainyapu = PlanFactory(desa=region(WAINYAPU))
    other = PlanFactory(desa=region("53.18.01.2001"))
    proposals = reverse("plans:musrenbang_proposals", args=["53.18.11"])
    offered = client.get(reverse("plans:plan_list")).content.decode()
    assert '<select id="f-kecamatan" name="kecamatan">' in offered and proposals in offered

    monkeypatch.setattr(views, "CHOICES_OFFERED", 1)
    typed = client.get(reverse("plans:plan_list")).content.decode()
    assert '<select id="f-kecamatan"' not in typed
    assert '<input type="text" id="f-kecamatan" name="kecamatan" value=""' in typed
    assert "Kecamatan code" in typed
    assert "musrenbang" not in typed.lower().split("<table")[0].split("</form>")[1]
    chosen = client.get(reverse("plans:plan_list"), {"kecamatan": " 53.18.11 "}).content.decode()
    assert detail_url(wainyapu) in chosen and detail_url(other) not in chosen
    assert 'name="kecamatan" value="53.18.11"' in chosen
    assert proposals in chosen
    # A code outside the person's scope, or no kecamatan at all: no plan, no link.
    for code in ("81.05.15", "53.18.11.2006", "x"):
        page = client.get(reverse("plans:plan_list"), {"kecamatan": code}).content.decode()
        assert "No plans match." in page
        assert "musrenbang" not in page.lower().split("<table")[0].split("</form>")[1]


def test_the_list_comes_in_pages_in_desa_code_order_counted_right(client, monkeypatch):
    from rembuk.core import lists

    monkeypatch.setattr(lists, "ROWS_PER_PAGE", 2)
    login(client, "tim_program", "53")
    plans = [PlanFactory(desa=region(code)) for code in ("53.18.11.2006", "53.18.11.2001")]
    plans.append(PlanFactory(desa=region("53.18.11.2003")))
    first = client.get(reverse("plans:plan_list")).content.decode()
    assert "Page 1 of 2" in first
    shown = [plan for plan in plans if detail_url(plan) in first]
    assert [plan.desa.code for plan in shown] == ["53.18.11.2001", "53.18.11.2003"]
    assert first.index(detail_url(plans[1])) < first.index(detail_url(plans[2]))
    second = client.get(reverse("plans:plan_list"), {"page": "2"}).content.decode()
    assert "Page 2 of 2" in second
    assert detail_url(plans[0]) in second
    assert detail_url(plans[1]) not in second and detail_url(plans[2]) not in second


def test_the_list_costs_the_same_queries_for_2_plans_as_for_8(
    client, editor, django_assert_num_queries
):
    codes = [f"53.18.11.200{i}" for i in range(1, 9)]
    plans = [full_plan(code, goals=1, activities_per_goal=1) for code in codes[:2]]
    client.get(reverse("plans:plan_list"))
    with CaptureQueriesContext(connection) as two:
        client.get(reverse("plans:plan_list"))
    plans += [full_plan(code, goals=2, activities_per_goal=3) for code in codes[2:]]
    with django_assert_num_queries(len(two)):
        page = client.get(reverse("plans:plan_list")).content.decode()
    for plan in plans:
        assert detail_url(plan) in page
    assert 'data-label="Activities">6</td>' in page  # activities of a bigger plan, counted in SQL


# --- history --------------------------------------------------------------------------------


def test_the_history_page_shows_who_changed_what_from_old_to_new(client, editor, activity):
    plan = activity.goal.plan
    client.post(
        reverse("plans:activity_edit", args=[plan.pk, activity.pk]),
        activity_post(activity, name="Nama baru", funding_sources=["dana_desa"]),
    )
    page = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
    assert str(editor.get_full_name()) in page
    assert "Activity" in page
    assert "<del>Pelatihan pengelolaan unit usaha BUMDes</del> → <ins>Nama baru</ins>" in page
    assert "Funding sources:</span> <del>CSR</del> → <ins>Dana Desa</ins>" in page


def test_the_history_page_reads_in_the_interface_words_with_no_code_names_or_ids(client):
    import re

    from rembuk.plans.services import activity_dependency_add

    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    first, second = Activity.objects.filter(goal__plan=plan).order_by("position")
    activity_dependency_add(activity=second, depends_on=first, actor=None)
    client.force_login(user_with_role("kecamatan", "53.18.11", language="id"))

    page = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()

    assert "Keterkaitan kegiatan" in page
    assert "Bergantung pada:</span> Kegiatan 1.1" in page
    assert "plans.activitydependency" not in page and "Depends on" not in page
    body = page[page.index("<table") : page.index("</table>")]
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", body)


def test_the_history_page_costs_constant_queries(client, editor, django_assert_num_queries):
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    url = reverse("plans:plan_history", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    big = full_plan(OTHER_DESA, goals=3, activities_per_goal=10)
    with django_assert_num_queries(len(few)):
        client.get(reverse("plans:plan_history", args=[big.pk]))


# --- Musrenbang proposals -------------------------------------------------------------------


def proposals_fixture():
    goal = GoalFactory(plan=PlanFactory(desa=region(WAINYAPU)), statement="Jalan tani")
    milestone = MilestoneFactory(goal=goal)
    ActivityFactory(goal=goal, milestone=milestone, name="Jalan usaha tani", authority="kabupaten")
    ActivityFactory(goal=goal, milestone=milestone, name="Gotong royong", authority="swadaya")
    other = GoalFactory(plan=PlanFactory(desa=region(OTHER_DESA)), statement="Air bersih")
    ActivityFactory(
        goal=other,
        milestone=MilestoneFactory(goal=other),
        name="Sumur bor",
        authority="provinsi",
        funding_sources=["apbd_provinsi"],
    )


def test_musrenbang_proposals_list_activities_above_the_desa_grouped_by_desa(client, editor):
    proposals_fixture()
    page = client.get(reverse("plans:musrenbang_proposals", args=["53.18.11"])).content.decode()
    assert "Jalan usaha tani" in page
    assert "Sumur bor" in page
    assert "Gotong royong" not in page
    assert page.index("Wainyapu") > page.index(region(OTHER_DESA).name)  # ordered by desa code


def test_musrenbang_proposals_of_a_kecamatan_out_of_reach_are_404(client):
    login(client, "tim_desa", WAINYAPU)
    assert client.get(reverse("plans:musrenbang_proposals", args=["53.18.11"])).status_code == 404
    assert (
        client.get(reverse("plans:musrenbang_proposals_xlsx", args=["53.18.11"])).status_code == 404
    )
    assert client.get(reverse("plans:musrenbang_proposals", args=[WAINYAPU])).status_code == 404


def test_musrenbang_proposals_download_as_xlsx(client, editor):
    proposals_fixture()
    response = client.get(reverse("plans:musrenbang_proposals_xlsx", args=["53.18.11"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "Musrenbang proposals of Kecamatan Kodi Balaghar"
    assert sheet["A2"].font.bold
    header = [cell.value for cell in sheet[2]]
    assert header == [
        "Desa",
        "Goal",
        "Activity",
        "Activity details",
        "Funding sources",
        "Authority",
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[2] for row in rows] == ["Sumur bor", "Jalan usaha tani"]
    assert rows[0][0] == region(OTHER_DESA).name
    assert rows[0][4] == "APBD Provinsi"
    assert rows[0][5] == "Provinsi"
    assert sheet["C3"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width == 40


def test_with_too_many_desa_to_list_the_create_form_asks_for_a_code(client, monkeypatch):
    monkeypatch.setattr("rembuk.plans.selectors.DESA_SELECT_LIMIT", 3)
    login(client, "tim_program", "53")
    page = client.get(reverse("plans:plan_create"), {"desa": WAINYAPU}).content.decode()
    assert f'type="text" name="desa" value="{WAINYAPU}"' in page
    response = client.post(
        reverse("plans:plan_create"), {"desa": WAINYAPU, "period_start": 2024, "period_end": 2025}
    )
    assert response.status_code == 302
    unknown = client.post(
        reverse("plans:plan_create"), {"desa": "53.18", "period_start": 2024, "period_end": 2025}
    )
    assert "Choose a desa you may plan for." in unknown.content.decode()


def test_the_list_leads_to_the_import_page_only_for_people_who_may_write_plans(client):
    import_url = reverse("plans:plan_import")
    login(client, "kecamatan", "53.18.11")
    assert f'href="{import_url}"' in client.get(reverse("plans:plan_list")).content.decode()
    client.logout()
    login(client, "opd", "53.18")
    assert import_url not in client.get(reverse("plans:plan_list")).content.decode()
