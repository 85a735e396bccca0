from django.urls import path

from chemsec.facilities import views, views_risk

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="index"),
    path("new/", views.facility_create_view, name="create"),
    path("threats/", views_risk.threat_list, name="threats"),
    path("threats/<uuid:threat_id>/", views_risk.threat_detail, name="threat_detail"),
    path("matrix/", views_risk.matrix_edit, name="matrix"),
    path("rollup/", views_risk.rollup_view, name="rollup"),
    path("rollup/export.<str:fmt>", views_risk.rollup_export, name="rollup_export"),
    path("<uuid:facility_id>/", views.facility_detail, name="detail"),
    path("<uuid:facility_id>/edit/", views.facility_edit, name="edit"),
    path("<uuid:facility_id>/share/", views.facility_share_view, name="share"),
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
    path("<uuid:facility_id>/scenarios/", views_risk.scenarios, name="scenarios"),
    path("<uuid:facility_id>/risk/", views_risk.risk_list, name="risk"),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/",
        views_risk.risk_register,
        name="register",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/entries/",
        views_risk.entry_save,
        name="entry_save",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/measures/",
        views_risk.measure_add,
        name="measure_add",
    ),
]
