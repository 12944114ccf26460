"""Manifest of postcode areas (PC4): `flask postcodes`. The pages use geo's services; it has no pages itself."""

from __future__ import annotations

from wijkhulp.geo.cli import postcodes_cli
from wijkhulp.registry.feature import Feature

FEATURE = Feature(name="geo", cli=(postcodes_cli,))
