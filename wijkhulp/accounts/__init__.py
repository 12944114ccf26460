"""Accounts: users, roles and profiles."""
