"""The ideas auction (ideeënveiling): rounds, ideas and their needs, pledges by partners."""
