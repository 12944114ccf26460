"""admin feature."""
