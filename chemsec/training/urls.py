from django.urls import URLPattern, path

from chemsec.training import urls_credentials, views

app_name = "training"

urlpatterns: list[URLPattern] = [
    path("", views.catalogue, name="catalogue"),
    *urls_credentials.urlpatterns,  # certificates, issuer keys, experts trained, xAPI
]
