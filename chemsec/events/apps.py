from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "chemsec.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # A member's page shows the events it hosted and the experts its people became.
        from chemsec.events.selectors import attended_from, hosted_by
        from chemsec.network.contributions import register_hosted, register_trained

        register_hosted(hosted_by)
        register_trained(attended_from)
