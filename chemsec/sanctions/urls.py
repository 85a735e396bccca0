from django.urls import path

from chemsec.sanctions import views

app_name = "sanctions"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.list_import, name="import"),
    path("lists/<uuid:list_version_id>/", views.version, name="version"),
    path("screenings/", views.screenings, name="screenings"),
    path("screenings/<uuid:sanctions_screening_id>/", views.screening, name="screening"),
    path(
        "screenings/<uuid:sanctions_screening_id>/matches/<uuid:sanctions_match_id>/clear/",
        views.match_clear,
        name="match_clear",
    ),
]
