"""neighbourhoods feature."""
