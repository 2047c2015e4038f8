from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "rembuk.sync"
    label = "sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        from rembuk.core import nodes
        from rembuk.sync.services import hub_link

        nodes.answer_linked_to_a_hub(lambda: hub_link() is not None)
