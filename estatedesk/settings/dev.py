"""Development: debug on, a fixed insecure key, mail to the console."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-insecure-key-do-not-use-in-production"  # noqa: F405
