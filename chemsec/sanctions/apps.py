from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "chemsec.sanctions"
    label = "sanctions"
    verbose_name = _("Sanctions and denied parties")

    def ready(self) -> None:
        from chemsec.core import warmup
        from chemsec.sanctions.services import warm_current_indexes

        warmup.register(warm_current_indexes)
