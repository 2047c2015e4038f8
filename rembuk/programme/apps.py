from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "rembuk.programme"
    label = "programme"
    # Registered when a document is first asked for (rembuk.reports.background.kinds).
    document_kinds = "rembuk.programme.documents.register_dashboard_tables"

    def ready(self) -> None:
        from rembuk.core.signals import change_recorded
        from rembuk.programme.rollups import note_change

        change_recorded.connect(note_change, dispatch_uid="programme.rollups.note_change")
