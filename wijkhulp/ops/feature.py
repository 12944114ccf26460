"""Manifest of operations: /healthz, /readyz, /metrics, request logs, and `flask jobs` (docs/deploy.md)."""

from __future__ import annotations

from wijkhulp.ops import views
from wijkhulp.ops.cli import jobs_cli
from wijkhulp.registry.feature import Feature

FEATURE = Feature(
    name="ops",
    blueprints=(views.bp,),
    cli=(jobs_cli,),
    init_app=views.init_app,
)
