"""Run inside the bench's installation (REMBUK_HOME, production settings): migrate, build the
meeting of Kecamatan Wewewa Barat (20 desa, full plans, a challenge and two follow-ups on every
goal, as bench_meeting.py does), make the kecamatan user, and record the SQL the meeting page
runs (minus the session and user lookups every signed-in request makes). Prints the meeting's
URL path as its last line."""

from __future__ import annotations

import datetime
import os
import pickle
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.throughput.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

WEWEWA_BARAT = "53.18.04"
USERNAME, PASSWORD = sys.argv[1], sys.argv[2]
AUTH_TABLES = ('FROM "django_session"', 'FROM "people_user"')


def main() -> None:
    from rembuk.core.testing import full_plan, region, user_with_role
    from rembuk.meetings import services
    from rembuk.people.models import Role
    from rembuk.regions.services import regions_import

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    regions_import()
    kecamatan = region(WEWEWA_BARAT)
    desas = list(kecamatan.children.order_by("code"))
    for desa in desas:
        full_plan(desa.code, goals=3, activities_per_goal=10)
    user = user_with_role(Role.KECAMATAN, WEWEWA_BARAT, username=USERNAME)
    user.set_password(PASSWORD)
    user.save()
    meeting = services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=desas, actor=user
    )
    for sheet in meeting.sheets.select_related("plan"):
        for goal in sheet.plan.goals.all():
            services.challenge_save(
                sheet=sheet, goal=goal, actor=user, text="Dana Desa belum cair " * 8
            )
            for n in range(2):
                services.followup_save(
                    sheet=sheet, goal=goal, actor=user, text=f"Tindak lanjut {n} " * 6
                )
    url = reverse("meetings:meeting_detail", args=[meeting.id])
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    client.get(url)  # warm the caches the server's workers will have warm too
    recorded: list[tuple[str, object]] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if not any(table in sql for table in AUTH_TABLES):
            recorded.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    with open(os.environ["REMBUK_BENCH_QUERIES"], "wb") as handle:
        pickle.dump(recorded, handle)
    print(len(desas), len(recorded), len(response.content))
    print(url)


main()
