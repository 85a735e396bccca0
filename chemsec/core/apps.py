from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chemsec.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each app registers its job kinds in its tasks module.
        autodiscover_modules("tasks")
        # Each app says what waits for a person on the home page in its home module.
        autodiscover_modules("home")
        # The names of the States this installation gives user-assigned codes (XA, XB).
        from chemsec.core.own_countries import name_own_countries

        name_own_countries()
