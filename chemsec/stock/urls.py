from django.urls import path

from chemsec.stock import views

app_name = "stock"

urlpatterns = [
    path("settings/", views.settings_edit, name="settings"),
    path("<uuid:facility_id>/", views.stock_index, name="index"),
    path("<uuid:facility_id>/movements/", views.movement_add, name="movement_add"),
    path("<uuid:facility_id>/precisions/", views.precision_set, name="precision"),
    path("<uuid:facility_id>/import/", views.movements_import, name="import"),
    path("<uuid:facility_id>/reconcile/", views.reconcile, name="reconcile"),
    path("<uuid:facility_id>/runs/<uuid:run_id>/", views.run_detail, name="run"),
    path("<uuid:facility_id>/batches/<uuid:batch_id>/", views.batch_detail, name="batch"),
    path("<uuid:facility_id>/balances/<uuid:balance_id>/", views.balance_detail, name="balance"),
    path(
        "<uuid:facility_id>/balances/<uuid:balance_id>/chart.svg",
        views.balance_chart,
        name="chart",
    ),
    path(
        "<uuid:facility_id>/balances/<uuid:balance_id>/incident/",
        views.balance_incident,
        name="incident",
    ),
]
