"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (docs/deploy.md).

Every value can be overridden from the environment (WEB_CONCURRENCY, PORT, GUNICORN_TIMEOUT, ...) or the
command line. Workers are synchronous: the app is short requests to a database, and sync workers keep one
database connection each, which is easy to size (workers x servers <= PostgreSQL's max_connections).
"""

import os
import tempfile

from wijkhulp.configcheck import default_workers

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = default_workers()
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))          # a request that takes longer is killed
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))  # on SIGTERM: finish, then stop
keepalive = 5                      # behind a load balancer that keeps connections open
max_requests = 2000                # recycle workers now and then (memory), with jitter so not all at once
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app logs one JSON line per request itself (with the route, not the URL); gunicorn's own access log would
# repeat it with query strings, so it is off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Request metrics of all workers added up for /metrics (prometheus_client's multiprocess mode).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="wijkhulp-metrics-")


def child_exit(server, worker):  # noqa: ARG001 - gunicorn's hook signature
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
