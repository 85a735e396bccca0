"""Routes of the course translations' review, included by chemsec/training/urls.py (under
/training/)."""

from django.urls import URLPattern, path

from chemsec.training import views_translations as views

urlpatterns: list[URLPattern] = [
    path("translations/", views.translation_queue, name="translation_queue"),
    path(
        "translations/<str:language>/<slug:course_slug>/",
        views.translation_review,
        name="translation_review",
    ),
    path(
        "translations/entries/<uuid:translation_id>/approve/",
        views.translation_approve,
        name="translation_approve",
    ),
    path(
        "translations/entries/<uuid:translation_id>/correct/",
        views.translation_correct,
        name="translation_correct",
    ),
]
