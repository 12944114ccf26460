"""Postcode areas (PC4), distances and place names."""
