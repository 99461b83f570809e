from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditTrailConfig(AppConfig):
    name = "mamori_web.audittrail"
    label = "audittrail"
    verbose_name = _("Audit trail")
