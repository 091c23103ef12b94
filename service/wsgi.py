"""The WSGI app for gunicorn: `gunicorn -c gunicorn.conf.py service.wsgi:app`."""

from service.web import create_app

app = create_app()
