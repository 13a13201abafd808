from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Office administrator")
    AGENT = "agent", _("Agent")
    # A contact who logs in to the client portal (estatedesk.portal): never staff, no office of
    # their own; what they reach is given through portal.PortalAccess rows.
    CLIENT = "client", _("Portal client")
