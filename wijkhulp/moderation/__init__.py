"""Moderation: reports (meldingen), the managers' queue, hiding and removing content, warnings, blocks."""
