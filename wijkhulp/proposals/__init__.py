"""Neighbourhood plans by teams of residents ("zelf bedacht, zelf gedaan"): calls, proposals, teams, review."""
