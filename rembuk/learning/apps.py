from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "rembuk.learning"
    label = "learning"

    def ready(self) -> None:
        from rembuk.core.signals import change_recorded
        from rembuk.learning.receivers import index_remote_lesson

        change_recorded.connect(index_remote_lesson, dispatch_uid="learning.index_remote_lesson")
