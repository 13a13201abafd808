from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PERSONAL = "personal", _("Personal (only me)")
    OFFICE = "office", _("Office (everyone in the office)")
