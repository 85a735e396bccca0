from django.urls import path

from chemsec.incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<uuid:incident_id>/", views.detail, name="detail"),
    path("<uuid:incident_id>/chemicals/", views.chemical_add, name="chemical_add"),
    path("<uuid:incident_id>/timeline/", views.timeline_add, name="timeline_add"),
    path("<uuid:incident_id>/report/", views.report, name="report"),
    path("<uuid:incident_id>/tasks/", views.task_add, name="task_add"),
    path("<uuid:incident_id>/tasks/<uuid:task_id>/done/", views.task_done, name="task_done"),
    path("<uuid:incident_id>/lessons/", views.lesson_add, name="lesson_add"),
    path(
        "<uuid:incident_id>/lessons/<uuid:lesson_id>/propose/",
        views.lesson_propose,
        name="lesson_propose",
    ),
    path("<uuid:incident_id>/close/", views.close, name="close"),
    path("<uuid:incident_id>/export.<str:fmt>", views.export, name="export"),
]
