"""CSV files for managers: the one writer lives in wijkhulp.csvexport; these names stay for moderation's callers."""

from __future__ import annotations

from wijkhulp.csvexport import cell, csv_response, csv_text

__all__ = ["cell", "csv_response", "csv_text"]
