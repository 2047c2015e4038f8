from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "rembuk.sync"
    label = "sync"
    verbose_name = "Sync"
