"""Routes of training credentials, included by chemsec/training/urls.py (under /training/)."""

from django.urls import URLPattern, path

from chemsec.training import views_credentials as views

urlpatterns: list[URLPattern] = [
    # The issuer: did:web:<host>:training:issuer resolves to issuer/did.json.
    path("issuer/did.json", views.issuer_did, name="issuer_did"),
    path("issuer/jwks.json", views.issuer_jwks, name="issuer_jwks"),
    path("issuer/status/<int:number>", views.status_list, name="status_list"),
    path("certificates/", views.certificate_list, name="certificates"),
    path(
        "certificates/<uuid:certificate_number>/verify",
        views.certificate_verify,
        name="certificate_verify",
    ),
    path(
        "certificates/<uuid:certificate_id>/certificate.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "certificates/<uuid:certificate_id>/credential.jwt",
        views.certificate_credential,
        name="certificate_credential",
    ),
    path(
        "certificates/<uuid:certificate_id>/revoke",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("experts/", views.experts, name="experts"),
    path("experts.<str:fmt>", views.experts_export, name="experts_export"),
    path("xapi/mine.json", views.xapi_mine, name="xapi_mine"),
    path("xapi/all.json", views.xapi_all, name="xapi_all"),
    path("for-you/", views.learning_path, name="learning_path"),
]
