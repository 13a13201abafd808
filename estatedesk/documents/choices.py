"""What kind of paper a document is."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", _("Contract")
    ID_COPY = "id_copy", _("ID copy")
    MANDATE = "mandate", _("Mandate")
    PHOTO = "photo", _("Photo")
    FLOOR_PLAN = "floor_plan", _("Floor plan")
    OTHER = "other", _("Other")
