from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "mamori_web.publication"
    label = "publication"
    verbose_name = _("Pre-publication check")
