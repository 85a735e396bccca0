from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyChainConfig(AppConfig):
    name = "chemsec.supplychain"
    label = "supplychain"
    verbose_name = _("Supply chain")

    def ready(self) -> None:
        from chemsec.sanctions.subjects import register
        from chemsec.supplychain.services.sanctions import SUBJECT_TYPE, customer_subjects

        # Re-screening after a sanctions list import reaches every customer.
        register(SUBJECT_TYPE, customer_subjects)
