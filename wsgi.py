"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from wijkhulp import create_app

app = create_app()
