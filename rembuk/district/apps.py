from django.apps import AppConfig


class DistrictConfig(AppConfig):
    name = "rembuk.district"
    label = "district"

    def ready(self) -> None:
        from rembuk.district.documents import register_minutes

        register_minutes()
