from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SweepConfig(AppConfig):
    name = "mamori_web.sweep"
    label = "sweep"
    verbose_name = _("Published-site sweep")
