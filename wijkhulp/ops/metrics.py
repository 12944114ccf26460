"""Prometheus metrics: requests per endpoint, and the state of the outbox, listings, jobs and Redis.

Request metrics live in this process; under gunicorn set PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py does) so the
workers' numbers are added up. The database figures are read at scrape time, so they are the same on every host.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import Listing, ListingStatus
from wijkhulp.notifications.models import OutboxMail
from wijkhulp.ops import health
from wijkhulp.ops.models import JobState

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REQUESTS = Counter("wijkhulp_http_requests", "HTTP requests answered", ("endpoint", "method", "status"))
DURATION = Histogram("wijkhulp_http_request_duration_seconds", "Time to answer a request", ("endpoint",),
                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


def observe(endpoint: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(endpoint, method, str(status)).inc()
    DURATION.labels(endpoint).observe(seconds)


class StateCollector(Collector):
    """Figures from the database and Redis, read when Prometheus asks."""

    def collect(self) -> Iterator[Any]:
        now = utcnow()
        unsent = (OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None))
        queued, oldest = db.session.execute(
            select(func.count(OutboxMail.id), func.min(OutboxMail.created_at)).where(*unsent)).one()
        failed = db.session.scalar(select(func.count(OutboxMail.id)).where(
            OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_not(None))) or 0
        open_listings = db.session.scalar(select(func.count(Listing.id)).where(
            Listing.status == ListingStatus.OPEN, Listing.expires_at > now, Listing.hidden_at.is_(None))) or 0
        yield GaugeMetricFamily("wijkhulp_outbox_queued", "Mails waiting to be sent", value=queued)
        age = 0.0
        if oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
            age = max((now - oldest).total_seconds(), 0.0)
        yield GaugeMetricFamily("wijkhulp_outbox_oldest_queued_age_seconds", "Age of the oldest unsent mail",
                                value=age)
        yield GaugeMetricFamily("wijkhulp_outbox_failed", "Mails given up on (flask mail retry-failed)",
                                value=failed)
        yield GaugeMetricFamily("wijkhulp_listings_open", "Open, visible help requests and offers",
                                value=open_listings)
        jobs = GaugeMetricFamily("wijkhulp_job_last_success_timestamp_seconds",
                                 "When each periodic job last succeeded (Unix time)", labels=("job",))
        failures = GaugeMetricFamily("wijkhulp_job_last_run_failed", "1 when the job's last run failed",
                                     labels=("job",))
        for state in db.session.scalars(select(JobState)):
            if state.last_success_at is not None:
                jobs.add_metric((state.id,), state.last_success_at.timestamp())
            failures.add_metric((state.id,), 0 if state.last_ok in (None, True) else 1)
        yield jobs
        yield failures
        redis = health.redis()
        if redis.state != "not configured":
            yield GaugeMetricFamily("wijkhulp_redis_up", "1 when Redis answers PING", value=1 if redis.ok else 0)


def exposition() -> bytes:
    """The text Prometheus reads: this process's (or all workers') request metrics, then the state figures."""
    requests: CollectorRegistry
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        from prometheus_client import REGISTRY

        requests = REGISTRY
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector())
    return generate_latest(requests) + generate_latest(state)
