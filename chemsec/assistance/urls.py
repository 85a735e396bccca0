from django.urls import path

from chemsec.assistance import views

app_name = "assistance"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.file_request, name="file"),
    path("board/", views.board, name="board"),
    path("experts/", views.experts, name="experts"),
    path("<uuid:request_id>/", views.detail, name="detail"),
    path("<uuid:request_id>/notes/", views.add_note, name="note"),
    path("<uuid:request_id>/triage/", views.triage, name="triage"),
    path("<uuid:request_id>/assign/", views.assign, name="assign"),
    path("<uuid:request_id>/outcomes/", views.add_outcome, name="outcome"),
]
