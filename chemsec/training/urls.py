from django.urls import URLPattern, path

from chemsec.training import views

app_name = "training"

urlpatterns: list[URLPattern] = [
    path("", views.catalogue, name="catalogue"),
]
