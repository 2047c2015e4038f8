from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import URLPattern, URLResolver, include, path

from rembuk.core.views import favicon
from rembuk.operations.views import healthz
from rembuk.people import urls as people_urls
from rembuk.plans import urls_browse

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("rembuk.core.urls")),
    path("beranda/", include("rembuk.home.urls")),
    # The account's pages and "My villages", which plans owns (it shows plans).
    path("akun/", include((people_urls.urlpatterns + urls_browse.account_urlpatterns, "people"))),
    # The region tree, with the plans below each region: plans' pages too.
    path("wilayah/", include(urls_browse.region_urls)),
    path("rencana/", include("rembuk.plans.urls")),
    path("rapat/", include("rembuk.meetings.urls")),
    path("pemantauan/", include("rembuk.monitoring.urls")),
    path("laporan/", include("rembuk.reports.urls")),
    path("dukungan/", include("rembuk.support.urls")),
    path("pembelajaran/", include("rembuk.learning.urls")),
    path("evaluasi/", include("rembuk.evaluation.urls")),
    path("sinkronisasi/", include("rembuk.sync.urls")),
    path("program/", include("rembuk.programme.urls")),
    path("api/sync/", include("rembuk.sync.api_urls")),
    path("api/v1/", include("rembuk.api.urls")),
    path("rapat-kabupaten/", include("rembuk.district.urls")),
    path("notifikasi/", include("rembuk.notifications.urls")),
    path("instalasi/", include("rembuk.operations.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
