from django.urls import path

from chemsec.frameworks.views import assessments, campaigns, library, roadmaps

app_name = "frameworks"

urlpatterns = [
    path("", library.index, name="index"),
    path("frameworks/<uuid:framework_id>/", library.framework_detail, name="framework"),
    path("new/", assessments.assessment_start, name="assessment_start"),
    path("<uuid:assessment_id>/", assessments.assessment_detail, name="assessment"),
    path("<uuid:assessment_id>/answers/", assessments.assessment_answers, name="answers"),
    path("<uuid:assessment_id>/evidence/", assessments.evidence_upload, name="evidence_upload"),
    path(
        "<uuid:assessment_id>/evidence/<uuid:evidence_id>/",
        assessments.evidence_download,
        name="evidence_download",
    ),
    path(
        "<uuid:assessment_id>/evidence/<uuid:evidence_id>/delete/",
        assessments.evidence_delete,
        name="evidence_delete",
    ),
    path("<uuid:assessment_id>/submit/", assessments.assessment_submit, name="submit"),
    path(
        "<uuid:assessment_id>/reopen-request/",
        assessments.assessment_reopen_request,
        name="reopen_request",
    ),
    path("<uuid:assessment_id>/reopen/", assessments.assessment_reopen, name="reopen"),
    path("<uuid:assessment_id>/results/", assessments.assessment_results, name="results"),
    path("<uuid:assessment_id>/roadmap/", roadmaps.roadmap_detail, name="roadmap"),
    path(
        "<uuid:assessment_id>/roadmap/generate/", roadmaps.roadmap_create, name="roadmap_generate"
    ),
    path("<uuid:assessment_id>/roadmap/actions/", roadmaps.action_new, name="action_new"),
    path(
        "<uuid:assessment_id>/roadmap/actions/<uuid:action_id>/",
        roadmaps.action_edit,
        name="action_edit",
    ),
    path(
        "<uuid:assessment_id>/roadmap/actions/<uuid:action_id>/delete/",
        roadmaps.action_delete,
        name="action_delete",
    ),
    path(
        "<uuid:assessment_id>/roadmap.<str:fmt>",
        roadmaps.roadmap_export_view,
        name="roadmap_export",
    ),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<uuid:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path(
        "campaigns/<uuid:campaign_id>/export.<str:fmt>",
        campaigns.campaign_export,
        name="campaign_export",
    ),
    path("campaigns/<uuid:campaign_id>/remind/", campaigns.campaign_remind, name="campaign_remind"),
]
