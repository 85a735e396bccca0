from django.urls import path

from chemsec.facilities import views, views_threats

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="index"),
    path("new/", views.facility_create_view, name="create"),
    path("threats/", views_threats.threat_list, name="threats"),
    path("threats/<uuid:threat_id>/", views_threats.threat_detail, name="threat_detail"),
    path("threats/<uuid:threat_id>/edit/", views_threats.threat_edit, name="threat_edit"),
    path("threats/<uuid:threat_id>/delete/", views_threats.threat_delete, name="threat_delete"),
    path("threats/<uuid:threat_id>/unshare/", views_threats.threat_unshare, name="threat_unshare"),
    path("<uuid:facility_id>/", views.facility_detail, name="detail"),
    path("<uuid:facility_id>/edit/", views.facility_edit, name="edit"),
    path("<uuid:facility_id>/share/", views.facility_share_view, name="share"),
    path("<uuid:facility_id>/unshare/", views.facility_unshare_view, name="unshare"),
    path("<uuid:facility_id>/areas/", views.area_add, name="area_add"),
    path("<uuid:facility_id>/contacts/", views.contact_add, name="contact_add"),
    path("<uuid:facility_id>/inventory/", views.inventory, name="inventory"),
    path("<uuid:facility_id>/inventory/diff/", views.snapshot_diff, name="diff"),
    path(
        "<uuid:facility_id>/inventory/<uuid:snapshot_id>/",
        views.snapshot_detail,
        name="snapshot",
    ),
    path("<uuid:facility_id>/chemicals/", views.chemicals, name="chemicals"),
    path("<uuid:facility_id>/scenarios/", views_threats.scenarios, name="scenarios"),
    path(
        "<uuid:facility_id>/scenarios/<uuid:scenario_id>/edit/",
        views_threats.scenario_edit,
        name="scenario_edit",
    ),
    path(
        "<uuid:facility_id>/scenarios/<uuid:scenario_id>/delete/",
        views_threats.scenario_delete,
        name="scenario_delete",
    ),
]
