"""WSGI entry point for gunicorn or any other server: `service.web.wsgi:app`."""

from service.web import create_app

app = create_app()
