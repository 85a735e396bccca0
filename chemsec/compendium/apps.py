from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompendiumConfig(AppConfig):
    name = "chemsec.compendium"
    label = "compendium"
    verbose_name = _("Compendium")

    def ready(self) -> None:
        from chemsec.compendium.content import practices_sync
        from chemsec.core.content_sync import HANDLERS

        if practices_sync not in HANDLERS:
            HANDLERS.append(practices_sync)

        from chemsec.compendium import checks  # registers the semantic search check

        checks.log_semantic_search()
