"""Settings for a worker subprocess in the reminder tests: the test database, mail to files.

ESTATEDESK_WORKER_DB_NAME names the database (a SQLite file, or the PostgreSQL test database);
ESTATEDESK_WORKER_MAIL_DIR is where the file backend writes; ESTATEDESK_WORKER_EMAIL_BACKEND can
swap in one of `mailbackends` that hangs mid-send.
"""

import os

from estatedesk.settings.test import *  # noqa: F403
from estatedesk.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["ESTATEDESK_WORKER_DB_NAME"]
EMAIL_BACKEND = os.environ.get(
    "ESTATEDESK_WORKER_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = os.environ["ESTATEDESK_WORKER_MAIL_DIR"]
