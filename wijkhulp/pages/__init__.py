"""Public information pages and the language switch."""
