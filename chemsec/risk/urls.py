"""Risk-register pages, mounted under /facilities/ where they have always been (bookmarks
keep working), in their own "risk" namespace."""

from django.urls import path

from chemsec.risk import views

app_name = "risk"

urlpatterns = [
    path("matrix/", views.matrix_edit, name="matrix"),
    path("rollup/", views.rollup_view, name="rollup"),
    path("rollup/export.<str:fmt>", views.rollup_export, name="rollup_export"),
    path("<uuid:facility_id>/risk/", views.risk_list, name="risk"),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/",
        views.risk_register,
        name="register",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/entries/",
        views.entry_save,
        name="entry_save",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/measures/",
        views.measure_add,
        name="measure_add",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/entries/<uuid:entry_id>/edit/",
        views.entry_edit,
        name="entry_edit",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/entries/<uuid:entry_id>/delete/",
        views.entry_delete_view,
        name="entry_delete",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/entries/<uuid:entry_id>/recompute/",
        views.entry_recompute_view,
        name="entry_recompute",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/measures/<uuid:measure_id>/edit/",
        views.measure_edit,
        name="measure_edit",
    ),
    path(
        "<uuid:facility_id>/risk/<uuid:assessment_id>/measures/<uuid:measure_id>/delete/",
        views.measure_delete_view,
        name="measure_delete",
    ),
]
