from django.urls import include, path

from chemsec.api import api
from chemsec.core.views.language import set_language

urlpatterns = [
    # The switch keeps a signed-in person's choice for their e-mails (before Django's own).
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("screening/", include("chemsec.screening.urls")),
    path("facilities/", include("chemsec.facilities.urls")),
    path("facilities/", include("chemsec.risk.urls")),  # risk pages keep their old paths
    path("compendium/", include("chemsec.compendium.urls")),
    path("assessments/", include("chemsec.frameworks.urls")),
    path("assistance/", include("chemsec.assistance.urls")),
    path("protection/", include("chemsec.protection.urls")),
    path("supplychain/", include("chemsec.supplychain.urls")),
    path("incidents/", include("chemsec.incidents.urls")),
    path("custody/", include("chemsec.custody.urls")),
    path("stock/", include("chemsec.stock.urls")),
    path("waste/", include("chemsec.waste.urls")),
    path("network/", include("chemsec.network.urls")),
    path("events/", include("chemsec.events.urls")),
    path("sanctions/", include("chemsec.sanctions.urls")),
    path("training/", include("chemsec.training.urls")),
    path("", include("chemsec.core.urls")),
]

# 503 when the database is unreachable, the JSON error under /api/ (chemsec/core/outage.py).
handler500 = "chemsec.core.outage.server_error"
# A path no route matches: the JSON error under /api/, the page elsewhere (chemsec/api.py).
handler404 = "chemsec.api.route_not_found"
# A refused page: the portal's own page in the reader's language (chemsec/core/error_pages.py).
handler403 = "chemsec.core.error_pages.page_refused"
