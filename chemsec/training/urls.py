from django.urls import URLPattern, path

from chemsec.training import urls_credentials, urls_translations, views

app_name = "training"

urlpatterns: list[URLPattern] = [
    path("", views.catalogue, name="catalogue"),
    path("mine/", views.my_learning, name="mine"),
    path("progress/", views.progress_overview, name="progress"),
    path("enrolments/<uuid:enrolment_id>/", views.enrolment_detail, name="enrolment"),
    path("courses/<slug:course_slug>/", views.course_detail, name="course"),
    path("courses/<slug:course_slug>/edit/", views.course_edit, name="course_edit"),
    path("courses/<slug:course_slug>/enrol/", views.enrol, name="enrol"),
    path("courses/<slug:course_slug>/withdraw/", views.withdraw, name="withdraw"),
    path("courses/<slug:course_slug>/final-quiz/", views.quiz, name="final_quiz"),
    path(
        "courses/<slug:course_slug>/modules/<slug:module_slug>/", views.module_detail, name="module"
    ),
    path(
        "courses/<slug:course_slug>/modules/<slug:module_slug>/read/",
        views.module_read,
        name="module_read",
    ),
    path("courses/<slug:course_slug>/modules/<slug:module_slug>/quiz/", views.quiz, name="quiz"),
    *urls_credentials.urlpatterns,  # certificates, issuer keys, experts trained, xAPI
    *urls_translations.urlpatterns,  # reviewing the course translations
]
