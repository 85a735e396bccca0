from django.urls import URLPattern, path

from chemsec.network import views

app_name = "network"

urlpatterns: list[URLPattern] = [
    path("", views.directory, name="directory"),
    path("members/<uuid:network_member_id>/", views.member_detail, name="member"),
    path("members/<uuid:network_member_id>/edit/", views.member_edit, name="member_edit"),
    path("members/<uuid:network_member_id>/decide/", views.decide, name="decide"),
    path("members/<uuid:network_member_id>/leave/", views.leave, name="leave"),
    path("apply/", views.apply, name="apply"),
    path("applications/", views.applications, name="applications"),
    path("coverage/", views.coverage, name="coverage"),
    path("working-groups/", views.working_groups, name="working_groups"),
    path("working-groups/save/", views.working_group_save, name="working_group_save"),
    path("committee/<uuid:committee_id>/", views.committee, name="committee"),
    path("committee/<uuid:committee_id>/meetings/", views.meeting_new, name="meeting_new"),
    path("committee/<uuid:committee_id>/seats/", views.seat_add, name="seat_add"),
    path(
        "committee/<uuid:committee_id>/calendar/<str:token>.ics",
        views.calendar_feed,
        name="calendar_feed",
    ),
    path("committee/<uuid:committee_id>/export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("meetings/<uuid:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<uuid:meeting_id>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<uuid:meeting_id>/attendees/", views.meeting_attendees, name="attendees"),
    path("meetings/<uuid:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:meeting_id>/items/", views.item_add, name="item_add"),
    path("meetings/<uuid:meeting_id>/draft-agenda/", views.agenda_draft, name="agenda_draft"),
    path("meetings/<uuid:meeting_id>/minutes/", views.minutes_save, name="minutes_save"),
    path("meetings/<uuid:meeting_id>/decisions/", views.decision_add, name="decision_add"),
    path("meetings/<uuid:meeting_id>/actions/", views.action_add, name="action_add"),
    path("items/<uuid:agenda_item_id>/document/", views.item_document, name="item_document"),
    path("minutes/<uuid:minutes_id>/advance/", views.minutes_advance, name="minutes_advance"),
    path("minutes/<uuid:minutes_id>/comment/", views.minutes_comment, name="minutes_comment"),
    path("actions/<uuid:committee_action_id>/status/", views.action_status, name="action_status"),
]
