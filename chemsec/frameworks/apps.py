from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "chemsec.frameworks"
    label = "frameworks"
    verbose_name = _("Frameworks")

    def ready(self) -> None:
        from chemsec.core.content_sync import HANDLERS
        from chemsec.frameworks.sync import sync_frameworks

        if sync_frameworks not in HANDLERS:
            HANDLERS.append(sync_frameworks)
