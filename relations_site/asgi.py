"""The site as an ASGI application, for an ASGI server (production runs the WSGI one: wsgi.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relations_site.settings")

application = get_asgi_application()
