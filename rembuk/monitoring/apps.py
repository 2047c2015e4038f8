from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "rembuk.monitoring"
    label = "monitoring"
