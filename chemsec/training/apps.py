from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "chemsec.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from chemsec.compendium.translations_export import EXPORTERS
        from chemsec.core.content_sync import HANDLERS
        from chemsec.training.content import courses_sync
        from chemsec.training.translations import course_translations_sync, exported_entries

        for handler in (courses_sync, course_translations_sync):  # courses first: versions
            if handler not in HANDLERS:
                HANDLERS.append(handler)
        if exported_entries not in EXPORTERS:  # `chemsec export-translations` writes courses too
            EXPORTERS.append(exported_entries)
        # A member's page counts the people who completed a course among its experts trained.
        from chemsec.network.contributions import register_trained
        from chemsec.training.counts import completed_for

        register_trained(completed_for)
