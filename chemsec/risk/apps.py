from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "chemsec.risk"
    label = "risk"
    verbose_name = _("Risk registers")

    def ready(self) -> None:
        # The site plan's risk sections and what goes with a deleted scenario are
        # registered with the apps below, which never import this one.
        from chemsec.risk import hooks

        hooks.register()
