"""WSGI entry point (gunicorn tadamon.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamon.settings")
application = get_wsgi_application()
