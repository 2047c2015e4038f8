from django.urls import URLPattern, URLResolver, path

from rembuk.learning import views, views_capture

app_name = "learning"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.lesson_search, name="lesson_search"),
    path("saran/", views.suggestions, name="suggestions"),
    path("perjalanan/", views.lessons_travelled, name="lessons_travelled"),
    path("<uuid:lesson_id>/", views.lesson_detail, name="lesson_detail"),
    path("<uuid:lesson_id>/ubah/", views.lesson_edit, name="lesson_edit"),
    path("<uuid:lesson_id>/pakai/", views.suggestion_add, name="suggestion_add"),
    path("<uuid:lesson_id>/tidak-cocok/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path(
        "rapat/<uuid:meeting_id>/susun/",
        views.meeting_draft_lessons,
        name="meeting_draft_lessons",
    ),
    # Meeting mode's capture panel: a challenge for the row on screen, and similar lessons.
    path("rapat/<uuid:meeting_id>/catat/", views_capture.capture_save, name="capture_save"),
    path(
        "rapat/<uuid:meeting_id>/catat/tidak-cocok/",
        views_capture.capture_dismiss,
        name="capture_dismiss",
    ),
    path(
        "rapat/<uuid:meeting_id>/catat/saran/",
        views_capture.capture_suggestions,
        name="capture_suggestions",
    ),
]
