from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rembuk.reports"
    label = "reports"

    def ready(self) -> None:
        from rembuk.reports.kinds import register_kinds

        register_kinds()
