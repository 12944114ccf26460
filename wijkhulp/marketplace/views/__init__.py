"""Marketplace pages, one module per part; each adds its routes to the one blueprint `bp` (the manifest's)."""

from __future__ import annotations

# in the order of the former views.py, so that the URL map keeps its order
from wijkhulp.marketplace.views import finding, posting, reacting, mine, managers, categories, inbox
from wijkhulp.marketplace.views.blueprint import bp

__all__ = ["bp", "categories", "finding", "inbox", "managers", "mine", "posting", "reacting"]
