from django.contrib.auth import views as auth_views
from django.urls import path

from chemsec.core.views import account, audit, auth, jobs, portal

urlpatterns = [
    path("", portal.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("login/verify/", auth.login_verify, name="login_verify"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/", account.account, name="account"),
    path("account/tokens/<uuid:token_id>/revoke/", account.token_revoke_view, name="token_revoke"),
    path("account/two-factor/", auth.two_factor_setup, name="two_factor_setup"),
    path(
        "password-reset/",
        auth.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="core/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("organisations/", portal.organisation_list, name="organisation_list"),
    path("organisations/switch/", portal.organisation_switch, name="organisation_switch"),
    path("organisations/<slug:slug>/", portal.organisation_detail, name="organisation_detail"),
    path("content/", portal.content_catalogue, name="content_catalogue"),
    path("content/<path:urn>/", portal.content_detail, name="content_detail"),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/indicator/", jobs.job_indicator, name="job_indicator"),
    path("jobs/<uuid:job_id>/", jobs.job_detail, name="job_detail"),
    path("jobs/<uuid:job_id>/retry/", jobs.job_retry_view, name="job_retry"),
    path("jobs/<uuid:job_id>/cancel/", jobs.job_cancel_view, name="job_cancel"),
    path("jobs/<uuid:job_id>/result/", jobs.job_result, name="job_result"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/verify/", audit.audit_verify_start, name="audit_verify"),
]
