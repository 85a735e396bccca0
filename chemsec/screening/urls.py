from django.urls import path

from chemsec.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.index, name="index"),
    path("lists/", views.list_catalogue, name="lists"),
    path("lists/entries/<str:urn>/", views.list_entry, name="list_entry"),
    path("history/", views.history, name="history"),
    path("history/<uuid:screening_id>/", views.screening_detail, name="detail"),
    path(
        "history/<uuid:screening_id>/export.<str:fmt>", views.screening_export_view, name="export"
    ),
    path("jobs/<uuid:job_id>/results.<str:fmt>", views.batch_download, name="batch_download"),
]
