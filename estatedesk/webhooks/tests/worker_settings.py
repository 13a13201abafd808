"""Settings for a webhook worker subprocess: the reminder workers' test settings (the test
database), and private hosts allowed, since the test's receiver listens on 127.0.0.1."""

from estatedesk.activities.tests.worker_settings import *  # noqa: F403

WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
