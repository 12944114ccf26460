"""Settings an admin tunes: typed defaults in code, overrides in the `setting` table."""
