from django.apps import AppConfig


class DistrictConfig(AppConfig):
    name = "rembuk.district"
    label = "district"
