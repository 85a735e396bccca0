from django.urls import path

from chemsec.facilities import views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="index"),
    path("<uuid:facility_id>/", views.facility_detail, name="detail"),
]
