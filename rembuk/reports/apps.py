from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rembuk.reports"
    label = "reports"
