"""Notifications: in-app messages, e-mail preferences, the mail outbox and daily overviews.

Features declare their event types in their manifests and call `services.notify(...)` inside their own
transaction.
"""
