"""Development: debug on, a fixed insecure key, mail to the console."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-insecure-key-do-not-use-in-production"  # noqa: F405

# A webhook receiver on this machine is how you try webhooks out.
WEBHOOKS_ALLOW_PRIVATE_HOSTS = env_bool("ESTATEDESK_WEBHOOKS_ALLOW_PRIVATE_HOSTS", True)
