"""WSGI entry point (gunicorn estatedesk.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

from estatedesk.core.heap import freeze_startup_heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "estatedesk.settings.prod")
application = get_wsgi_application()
reverse("home")  # loads the URLconf and its reverse index now, to be frozen with the rest
freeze_startup_heap()
