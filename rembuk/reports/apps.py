from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rembuk.reports"
    label = "reports"
    # Registered when a document is first asked for (rembuk.reports.background.kinds).
    document_kinds = "rembuk.reports.kinds.register_kinds"
