from django.urls import path

from chemsec.waste import views

app_name = "waste"

urlpatterns = [
    path("", views.consignment_list, name="consignment_list"),
    path("facility/<uuid:facility_id>/", views.facility_waste, name="facility"),
    path(
        "facility/<uuid:facility_id>/streams/<uuid:stream_id>/chemicals/",
        views.stream_chemical_add,
        name="stream_chemical",
    ),
    path(
        "facility/<uuid:facility_id>/streams/<uuid:stream_id>/consignments/new/",
        views.consignment_new,
        name="consignment_new",
    ),
    path("consignments/<uuid:consignment_id>/", views.consignment_detail, name="consignment"),
    path("consignments/<uuid:consignment_id>/sign/", views.consignment_sign, name="sign"),
    path("consignments/<uuid:consignment_id>/certify/", views.consignment_certify, name="certify"),
    path(
        "consignments/<uuid:consignment_id>/export.<str:fmt>",
        views.consignment_export,
        name="export",
    ),
]
