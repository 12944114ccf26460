"""Moderation's notification event keys (the manifest declares them)."""

from __future__ import annotations

REPORT_OUTCOME = "report_outcome"
MODERATION_NOTICE = "moderation_notice"
