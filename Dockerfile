# wijkhulp as a container image (docs/deploy.md). Not built on the development machines (they have no Docker
# engine): `docker build -t wijkhulp .` on a machine that has one.
#
# Stage 1: the NL Design System CSS and axe from the npm registry (never a CDN at run time).
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error \
 && mkdir -p vendor/utrecht vendor/theme vendor/axe \
 && cp node_modules/@utrecht/component-library-css/dist/index.css vendor/utrecht/index.css \
 && cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css vendor/theme/theme.css \
 && cp node_modules/axe-core/axe.min.js vendor/axe/axe.min.js

# Stage 2: wheels for the app and its dependencies, and the compiled translations.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml babel.cfg ./
COPY wijkhulp ./wijkhulp
COPY --from=assets /src/vendor ./wijkhulp/static/vendor
RUN pip install --no-cache-dir babel \
 && pybabel -q compile -d wijkhulp/translations \
 && pip wheel --no-cache-dir --wheel-dir /wheels .

# Stage 3: what runs. No compilers, no npm, not root.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 FLASK_APP=wijkhulp PORT=8000
RUN groupadd --system wijkhulp && useradd --system --gid wijkhulp --home /app --shell /usr/sbin/nologin wijkhulp
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
WORKDIR /app
COPY --chown=root:root wsgi.py gunicorn.conf.py ./
COPY --chown=root:root migrations ./migrations
# instance/ holds uploads and the SQLite file of a one-process install; mount a volume here.
RUN mkdir -p /app/instance && chown wijkhulp:wijkhulp /app/instance
USER wijkhulp
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:'+os.environ.get('PORT','8000')+'/healthz', timeout=2)"
# The release step (migrations, postcode data) is a separate command: see docs/deploy.md.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
