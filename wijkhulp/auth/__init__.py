"""Authentication: sign in and out, registration, passwords (the manifest wires Flask-Login's user loader)."""
