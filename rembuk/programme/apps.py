from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "rembuk.programme"
    label = "programme"

    def ready(self) -> None:
        from rembuk.core.signals import change_recorded
        from rembuk.programme.documents import register_dashboard_tables
        from rembuk.programme.rollups import note_change

        change_recorded.connect(note_change, dispatch_uid="programme.rollups.note_change")
        register_dashboard_tables()
