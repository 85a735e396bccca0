from django.urls import path

from chemsec.custody import views

app_name = "custody"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<uuid:sample_id>/", views.detail, name="detail"),
    path("<uuid:sample_id>/handovers/", views.handover_add, name="handover_add"),
    path(
        "<uuid:sample_id>/handovers/<uuid:handover_id>/confirm/",
        views.handover_confirm,
        name="handover_confirm",
    ),
    path("<uuid:sample_id>/split/", views.split, name="split"),
    path("<uuid:sample_id>/files/", views.attach, name="attach"),
    path("<uuid:sample_id>/timestamp/", views.timestamp, name="timestamp"),
    path("<uuid:sample_id>/report.<str:fmt>", views.export, name="export"),
]
