from django.urls import path

from chemsec.protection import views

app_name = "protection"

urlpatterns = [
    path("", views.index, name="index"),
    path("facilities/<uuid:facility_id>/", views.facility, name="facility"),
    path("facilities/<uuid:facility_id>/diagrams/new/", views.diagram_create, name="diagram_new"),
    path(
        "facilities/<uuid:facility_id>/consequences/new/",
        views.estimate_create,
        name="estimate_new",
    ),
    path("facilities/<uuid:facility_id>/plan/", views.plan, name="plan"),
    path("facilities/<uuid:facility_id>/plan/pdf/", views.plan_generate, name="plan_generate"),
    path("plans/<uuid:export_id>/plan.pdf", views.plan_download, name="plan_download"),
    path("diagrams/<uuid:diagram_id>/", views.diagram_detail, name="diagram"),
    path("diagrams/<uuid:diagram_id>/edit/", views.diagram_edit, name="diagram_edit"),
    path("diagrams/<uuid:diagram_id>/diagram.json", views.diagram_export, name="diagram_export"),
    path("diagrams/<uuid:diagram_id>/delete/", views.diagram_delete, name="diagram_delete"),
    path("consequences/<uuid:estimate_id>/", views.estimate_detail, name="estimate"),
    path("consequences/<uuid:estimate_id>/delete/", views.estimate_delete, name="estimate_delete"),
    path(
        "consequences/<uuid:estimate_id>/map.geojson",
        views.estimate_map_export,
        {"fmt": "geojson"},
        name="estimate_geojson",
    ),
    path(
        "consequences/<uuid:estimate_id>/map.kml",
        views.estimate_map_export,
        {"fmt": "kml"},
        name="estimate_kml",
    ),
]
