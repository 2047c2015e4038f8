from django.urls import path

from rembuk.sync import api

app_name = "sync_api"
urlpatterns = [
    path("hello/", api.hello, name="hello"),
    path("push/", api.push, name="push"),
    path("pull/", api.pull, name="pull"),
    path("ack/", api.ack, name="ack"),
]
