from django.urls import path

from chemsec.supplychain import authority_views, notifications_views, views

app_name = "supplychain"

urlpatterns = [
    path("", views.index, name="index"),
    path("customers/", views.customers, name="customers"),
    path("customers/new/", views.customer_new, name="customer_new"),
    path("customers/<uuid:customer_id>/", views.customer, name="customer"),
    path("customers/<uuid:customer_id>/edit/", views.customer_edit, name="customer_edit"),
    path(
        "customers/<uuid:customer_id>/verifications/",
        views.verification_add,
        name="verification_add",
    ),
    path("products/", views.products, name="products"),
    path("products/new/", views.product_new, name="product_new"),
    path("products/<uuid:product_id>/", views.product, name="product"),
    path("products/<uuid:product_id>/screen/", views.product_rescreen, name="product_rescreen"),
    path("orders/", views.orders, name="orders"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/import/", views.order_import, name="order_import"),
    path("rules/", views.rules, name="rules"),
    path("customers/<uuid:customer_id>/snooze/", views.rule_snooze_view, name="rule_snooze"),
    path("cases/<uuid:case_id>/dispositions/", views.alert_dispose, name="alert_dispose"),
    path(
        "orders/imports/<uuid:order_import_id>/",
        views.order_import_detail,
        name="order_import_detail",
    ),
    path("orders/<uuid:order_id>/", views.order, name="order"),
    path("orders/<uuid:order_id>/outcome/", views.order_outcome, name="order_outcome"),
    path("cases/", views.cases, name="cases"),
    path("cases/<uuid:case_id>/", views.case, name="case"),
    path("cases/<uuid:case_id>/decide/", views.case_decide, name="case_decide"),
    path("cases/<uuid:case_id>/assign/", views.case_assign, name="case_assign"),
    path("cases/<uuid:case_id>/report/", views.case_report, name="case_report"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<uuid:report_id>/", views.report, name="report"),
    path(
        "reports/<uuid:report_id>/acknowledge/",
        views.report_acknowledge,
        name="report_acknowledge",
    ),
    path("reports/<uuid:report_id>/ask/", views.report_ask, name="report_ask"),
    path("reports/<uuid:report_id>/respond/", views.report_respond, name="report_respond"),
    path("reports/<uuid:report_id>/close/", views.report_close, name="report_close"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/dashboard/", authority_views.dashboard, name="authority_dashboard"),
    path("overview/", authority_views.overview, name="overview"),
    path(
        "reports/<uuid:report_id>/download.<str:fmt>",
        authority_views.report_download,
        name="report_download",
    ),
    path("mail/", notifications_views.mail_preferences, name="mail_preferences"),
]
