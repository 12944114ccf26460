"""Organisations (partners): registration, the managers' check, members and invitations."""
