from django.urls import path

from chemsec.compendium import views

app_name = "compendium"

urlpatterns = [
    path("", views.index, name="index"),
    path("propose/", views.propose, name="propose"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<uuid:proposal_id>/", views.proposal_detail, name="proposal"),
    path("proposals/<uuid:proposal_id>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<uuid:proposal_id>/comment/", views.comment, name="comment"),
    path(
        "proposals/<uuid:proposal_id>/approve/",
        views.decide,
        {"decision": "approve"},
        name="approve",
    ),
    path(
        "proposals/<uuid:proposal_id>/reject/", views.decide, {"decision": "reject"}, name="reject"
    ),
    path("entries/<str:urn>/", views.practice_detail, name="practice"),
    path("entries/<str:urn>/propose/", views.propose, name="propose_change"),
    path("entries/<str:urn>/versions/<int:number>/", views.practice_version, name="version"),
    path("entries/<str:urn>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "entries/<str:urn>/translation/review/",
        views.translation_review,
        name="translation_review",
    ),
    path("entries/<str:urn>/supersede/", views.supersede, name="supersede"),
]
