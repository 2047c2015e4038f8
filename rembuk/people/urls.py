from django.urls import path

from rembuk.people import views

app_name = "people"
# config/urls.py adds "My villages" (desa-saya/) from plans.urls_browse: it shows plans.
urlpatterns = [
    # Signing in and out, passwords and language: everyone.
    path("masuk/", views.login, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("kata-sandi/", views.password_change, name="password_change"),
    path("bahasa/", views.set_language, name="set_language"),
    path("bahasa-bawaan/", views.default_language, name="default_language"),
    path("zona-waktu/", views.own_time_zone, name="own_time_zone"),
    # One's own account and the API tokens on it.
    path("", views.account, name="account"),
    path("token-api/", views.access_token_create, name="access_token_create"),
    path("token-api/<int:token_id>/cabut/", views.access_token_revoke, name="access_token_revoke"),
    # People administration: tim_program, within their own area.
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/undang/", views.user_invite, name="user_invite"),
    path("pengguna/pilihan-opd/", views.agency_options, name="agency_options"),
    path("pengguna/<uuid:user_id>/", views.user_detail, name="user_detail"),
    path("pengguna/<uuid:user_id>/undangan/", views.user_invite_done, name="user_invite_done"),
    path("pengguna/<uuid:user_id>/peran/", views.membership_grant, name="membership_grant"),
    path(
        "pengguna/<uuid:user_id>/reset-kata-sandi/",
        views.user_password_reset,
        name="user_password_reset",
    ),
    path("pengguna/<uuid:user_id>/buka-kunci/", views.user_unlock, name="user_unlock"),
    path("peran/<uuid:membership_id>/cabut/", views.membership_revoke, name="membership_revoke"),
    path("opd/<str:kabupaten_code>/", views.agency_list, name="agency_list"),
]
