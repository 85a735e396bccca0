from django.urls import path

from chemsec.facilities import views, views_risk, views_threats

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="index"),
    path("new/", views.facility_create_view, name="create"),
    path("threats/", views_risk.threat_list, name="threats"),
    path("threats/<uuid:threat_id>/", views_risk.threat_detail, name="threat_detail"),
    path("threats/<uuid:threat_id>/edit/", views_threats.threat_edit, name="threat_edit"),
    path("threats/<uuid:threat_id>/delete/", views_threats.threat_delete, name="threat_delete"),
    path("threats/<uuid:threat_id>/unshare/", views_threats.threat_unshare, name="threat_unshare"),
    path("matrix/", views_risk.matrix_edit, name="matrix"),
    path("rollup/", views_risk.rollup_view, name="rollup"),
    path("rollup/export.<str:fmt>", views_risk.rollup_export, name="rollup_export"),
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
    path("<uuid:facility_id>/scenarios/", views_risk.scenarios, name="scenarios"),
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
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/entries/<uuid:entry_id>/edit/",
        views_risk.entry_edit,
        name="entry_edit",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/entries/<uuid:entry_id>/delete/",
        views_risk.entry_delete_view,
        name="entry_delete",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/entries/<uuid:entry_id>/recompute/",
        views_risk.entry_recompute_view,
        name="entry_recompute",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/measures/<uuid:measure_id>/edit/",
        views_risk.measure_edit,
        name="measure_edit",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/measures/<uuid:measure_id>/delete/",
        views_risk.measure_delete_view,
        name="measure_delete",
    ),
]
