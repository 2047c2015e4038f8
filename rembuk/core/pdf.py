"""HTML to PDF with WeasyPrint: the one generic helper every printout goes through.

A template, a context and an extra stylesheet in, PDF bytes out. Static files (the print CSS)
are read from disk through base_url; fonts come from the system (DejaVu, Liberation). Nothing
is ever fetched over the network: the fetcher reads file: and data: URLs only. Text is escaped by
the template engine, so a challenge that says "<script>" is printed as those characters.
fontconfig's scan of the system fonts is paid once per thread, not once per document.
WeasyPrint is imported on the first document, not with Rembuk: it costs about two seconds, and
every `rembuk` command, worker and test process would pay them whether it prints or not. The web
server's processes import it in the background as they start (`warm_up_in_background`, from
config/wsgi.py), so the first person to download a PDF after a restart does not wait for it.

A long document makes hundreds of thousands of objects that live until it is written, so
building one triggers a full garbage collection, which also walks everything the process made
at start-up (Django, the URL table, WeasyPrint's modules: about 200,000 objects). So a process
collects once and freezes what is left (`gc.freeze`) when the web server's warm-up has imported
WeasyPrint, or else at its first document: later collections walk only what was made since. A
Matriks 4 of 20 villages spends about 50 ms instead of 250 ms collecting, and a web worker's
full collection, every few hundred page views, about 0.1 s less
(docs/decisions/0019-documents-built-by-the-worker.md).
"""

from __future__ import annotations

import gc
import os
import threading
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

_local = threading.local()
_heap_settled = threading.Lock()


def static_base_url() -> str:
    return str(settings.BASE_DIR / "static") + "/"


def _font_config() -> FontConfiguration:
    fonts = getattr(_local, "fonts", None)
    if fonts is None:
        from weasyprint.text.fonts import FontConfiguration

        fonts = _local.fonts = FontConfiguration()
        _settle_heap_once()
    return fonts


def _settle_heap_once() -> None:
    """Collect, then freeze the objects alive now, once per process (see the module's text).

    A cycle made unreachable later among frozen objects is never collected; collecting first
    means none is frozen as garbage; what a process holds by its first document (modules,
    settings, caches) lives as long as the process anyway, but for the objects of the request or
    task in progress, a few hundred kept once."""
    if _heap_settled.acquire(blocking=False):
        gc.collect()
        gc.freeze()


def _fetcher() -> URLFetcher:
    # Per thread: a fetcher keeps the request it is following between two calls.
    fetcher = getattr(_local, "fetcher", None)
    if fetcher is None:
        from weasyprint.urls import URLFetcher

        fetcher = _local.fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return fetcher


def render_document(template: str, context: dict[str, Any], *, extra_css: str = "") -> Any:
    """The laid-out document (its pages can be inspected before writing the PDF)."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    fonts, fetcher = _font_config(), _fetcher()
    stylesheets = (
        [CSS(string=extra_css, font_config=fonts, url_fetcher=fetcher)] if extra_css else []
    )
    return HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=fonts
    )


def render_pdf(template: str, context: dict[str, Any], *, extra_css: str = "") -> bytes:
    pdf = render_document(template, context, extra_css=extra_css).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def warm_up_in_background() -> threading.Thread:
    """Import WeasyPrint in a daemon thread (the web server calls this once per process).

    A process that forks while the thread imports (gunicorn's master with --preload, or
    GUNICORN_CMD_ARGS) would hand its children module locks held by a thread they do not have:
    their first import of a module that thread was importing (Pillow, through openpyxl, on the
    first page) would wait forever. So a fork waits for the import to end, and the children
    start with WeasyPrint imported."""

    def warm_up() -> None:
        import weasyprint  # noqa: F401

        _settle_heap_once()

    def before_fork() -> None:
        if threading.current_thread() is not thread:  # the import's own subprocesses
            thread.join()

    thread = threading.Thread(target=warm_up, name="weasyprint-warm-up", daemon=True)
    os.register_at_fork(before=before_fork)
    thread.start()
    return thread
