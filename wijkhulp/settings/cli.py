from flask.cli import AppGroup

settings_cli = AppGroup("settings", help="Settings an admin tunes.")
