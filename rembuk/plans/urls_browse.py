"""Where the browsing pages (views_browse.py) are mounted: config/urls.py puts `region_urls` at
/wilayah/ under the namespace "regions", and adds `account_urlpatterns` to the account's
patterns (/akun/, namespace "people"), so their addresses and names are those users know."""

from django.urls import URLPattern, path

from rembuk.plans import views_browse

region_urls: tuple[list[URLPattern], str] = (
    [
        path("", views_browse.region_list, name="region_list"),
        path("cari/", views_browse.region_search, name="region_search"),
        path("<str:code>/", views_browse.region_detail, name="region_detail"),
    ],
    "regions",
)

account_urlpatterns: list[URLPattern] = [
    path("desa-saya/", views_browse.my_villages, name="my_villages"),
]
