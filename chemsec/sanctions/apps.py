from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "chemsec.sanctions"
    label = "sanctions"
    verbose_name = _("Sanctions and denied parties")
