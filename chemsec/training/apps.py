from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "chemsec.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from chemsec.core.content_sync import HANDLERS
        from chemsec.training.content import courses_sync

        if courses_sync not in HANDLERS:
            HANDLERS.append(courses_sync)
