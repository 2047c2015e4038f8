from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rembuk.demo.district import seed_district_demo
from rembuk.demo.evaluation import seed_evaluation_demo
from rembuk.demo.learning import seed_learning_demo
from rembuk.demo.monitoring import seed_monitoring_demo
from rembuk.demo.plans import DEMO_PLANS
from rembuk.demo.programme import seed_programme_demo
from rembuk.demo.reports import seed_reports_demo
from rembuk.demo.seed import demo_seed
from rembuk.demo.support import seed_support_demo
from rembuk.people.models import User

# After the plans and meetings, in the order the mechanism runs (seed 000 §3–5): the villages'
# reviews, the kecamatan's Matriks 4 (sending it turns the "dukungan OPD" follow-ups into
# support requests), the agencies' answers, the kabupaten team's meetings, the stages; and
# the lessons drafted from the closed meeting, themes confirmed.
FOLLOW_UP_DEMOS = (
    seed_monitoring_demo,
    seed_reports_demo,
    seed_support_demo,
    seed_district_demo,
    seed_programme_demo,
    seed_learning_demo,
)


class Command(BaseCommand):
    help = (
        "Demo data on the real pilot regions: a plan for every desa of Kecamatan Teluk Waru "
        "(81.05.15) and Kodi Balaghar (53.18.11), a demo user for every role, and the Kodi "
        "Balaghar coordination meetings of 28 March and 25 July 2024 (seed 000's Desa X is "
        "Wailangira). Idempotent. "
        "The password is REMBUK_DEMO_PASSWORD, or the documented demo password when unset."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "IS_PRODUCTION", False):
            # Demo accounts share a published password: never on a real installation.
            raise CommandError("seed_demo is refused when REMBUK_ENV=production.")
        try:
            result, logins = demo_seed()
            seed_evaluation_demo(User.objects.get(username="admin"))  # assets profiles
            users = {user.username: user for user in User.objects.filter(is_active=True)}
            summaries = [seed(users) for seed in FOLLOW_UP_DEMOS]
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
        for summary in summaries:
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
