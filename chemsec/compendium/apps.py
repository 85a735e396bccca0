from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompendiumConfig(AppConfig):
    name = "chemsec.compendium"
    label = "compendium"
    verbose_name = _("Compendium")

    def ready(self) -> None:
        from chemsec.compendium.content import practices_sync
        from chemsec.compendium.translations import translations_sync
        from chemsec.core.content_sync import HANDLERS

        for handler in (practices_sync, translations_sync):  # practices first: versions
            if handler not in HANDLERS:
                HANDLERS.append(handler)

        from chemsec.compendium import checks  # registers the semantic search check

        checks.log_semantic_search()

        from django.db.models.signals import post_migrate

        from chemsec.compendium.index import drop_orphan_rows

        post_migrate.connect(drop_orphan_rows, sender=self)
