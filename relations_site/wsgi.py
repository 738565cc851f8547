"""The site as a WSGI application: what gunicorn serves (scripts/run-production.sh)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relations_site.settings")

application = get_wsgi_application()
