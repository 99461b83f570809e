"""WSGI entry point (waitress in `mamori up`, any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mamori_web.settings")
application = get_wsgi_application()
