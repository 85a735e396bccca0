from django.urls import URLPattern, path

from chemsec.events import views

app_name = "events"

urlpatterns: list[URLPattern] = [
    path("", views.event_list, name="list"),
    path("new/", views.event_new, name="event_new"),
    path("planner/", views.planner, name="planner"),
    path("nominations/", views.nominations, name="nominations"),
    path("calendar.ics", views.calendar_public, name="calendar_public"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<uuid:event_id>/", views.event_detail, name="event"),
    path("<uuid:event_id>/event.ics", views.event_ics, name="event_ics"),
    path(
        "<uuid:event_id>/participants.<str:fmt>",
        views.participants_export,
        name="participants_export",
    ),
    path("<uuid:event_id>/cancel/", views.event_cancel, name="event_cancel"),
    path("<uuid:event_id>/rapporteurs/", views.rapporteur_add, name="rapporteur_add"),
    path("<uuid:event_id>/practices/new/", views.practice_draft, name="practice_draft"),
    path("<uuid:event_id>/sessions/", views.session_add, name="session_add"),
    path("<uuid:event_id>/nominate/", views.nominate, name="nominate"),
    path(
        "registrations/<uuid:registration_id>/decide/",
        views.registration_decide,
        name="registration_decide",
    ),
    path(
        "registrations/<uuid:registration_id>/withdraw/",
        views.registration_withdraw,
        name="registration_withdraw",
    ),
    path("registrations/<uuid:registration_id>/attendance/", views.attendance, name="attendance"),
    path(
        "registrations/<uuid:registration_id>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path("registrations/<uuid:registration_id>/feedback/", views.feedback, name="feedback"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<uuid:host_request_id>/", views.request_detail, name="request"),
    path("requests/<uuid:host_request_id>/review/", views.request_review, name="request_review"),
    path(
        "requests/<uuid:host_request_id>/schedule/", views.request_schedule, name="request_schedule"
    ),
]
