from django.urls import path

from rembuk.sync import views

app_name = "sync"
urlpatterns = [
    path("", views.sync_page, name="page"),
    path("sekarang/", views.sync_now, name="sync_now"),
    path("paket/unduh/", views.bundle_download, name="bundle_download"),
    path("paket/unggah/", views.bundle_upload, name="bundle_upload"),
    path("token/", views.token_create, name="token_create"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
    path("token/<int:pk>/hilang/", views.token_revoke_lost, name="token_revoke_lost"),
    path("token/<int:pk>/paket/", views.token_bundle, name="token_bundle"),
    path("karantina/<int:pk>/ulang/", views.quarantine_retry, name="quarantine_retry"),
    path("konflik/<uuid:pk>/", views.conflict_resolve, name="conflict_resolve"),
]
