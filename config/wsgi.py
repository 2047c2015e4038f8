"""The WSGI application that `rembuk serve` runs (waitress or gunicorn).

Outside DEBUG, whitenoise answers /static/ in front of Django, so a static file never reaches
Django's request handling. Collectstatic's hashed names (`rembuk.4f1c2a9e0b3d.css`) never
change content and are cached for a year; whitenoise sends the brotli or gzip copy the browser
accepts.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from rembuk.core.pdf import warm_up_in_background  # noqa: E402

# The first PDF after a restart would otherwise wait about two seconds for WeasyPrint's import.
warm_up_in_background()

from django.conf import settings  # noqa: E402  (configured by get_wsgi_application)

if not settings.DEBUG:
    from whitenoise import WhiteNoise

    application = WhiteNoise(
        application,
        root=settings.STATIC_ROOT,
        prefix=settings.STATIC_URL,
        max_age=3600,
        immutable_file_test=r"\.[0-9a-f]{12}\.\w+$",
    )
