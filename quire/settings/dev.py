"""Local development and the demo: DEBUG on, a fixed insecure key, console email."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "django-insecure-quire-development-key-never-use-in-production"
