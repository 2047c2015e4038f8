from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rembuk.demo.calendar import DemoCalendar
from rembuk.demo.plans import DEMO_PLANS
from rembuk.demo.seed import demo_seed


class Command(BaseCommand):
    help = (
        "Demo data on the real pilot regions: a plan for every desa of Kecamatan Teluk Waru "
        "(81.05.15) and Kodi Balaghar (53.18.11), a demo user for every role, the Kodi Balaghar "
        "coordination meetings (Wailangira plays the guide's worked example, Desa X: "
        "docs/mechanism.md) and the follow-up loop, placed "
        "around today: the first meeting eight weeks ago, the next one to come. Idempotent. "
        "The password is REMBUK_DEMO_PASSWORD, or the documented demo password when unset."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "IS_PRODUCTION", False):
            # Demo accounts share a published password: never on a real installation.
            raise CommandError("seed_demo is refused when REMBUK_ENV=production.")
        calendar = DemoCalendar.now()
        try:
            result, logins = demo_seed(calendar)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if result.regions_imported:
            self.stdout.write("Wilayah pilot diimpor lebih dulu.")
        self.stdout.write(
            f"Data demo: {result.plans_created} rencana baru (dari {len(DEMO_PLANS)}), "
            f"{result.users_created} pengguna baru, {result.memberships_created} peran baru, "
            f"{result.agencies_created} OPD baru, {result.meetings_created} pertemuan "
            f"koordinasi baru, {result.village_reviews_created} jadwal pemantauan desa baru."
        )
        self.stdout.write(
            f"Kalender demo: rapat pertama Kodi Balaghar {calendar.day_of_first_meeting:%d-%m-%Y}, "
            f"tahun program {calendar.year}."
        )
        for summary in result.summaries:
            self.stdout.write(summary)
        if result.meetings_skipped:
            self.stderr.write(result.meetings_skipped)
        headers = ("username", "password", "role", "region")
        rows = [(login.username, login.password, login.role, login.region) for login in logins]
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
        self.stdout.write("")
        self.stdout.write("Login demo (data demo saja — jangan dipakai untuk data sungguhan):")
        for number, row in enumerate([headers, *rows]):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
