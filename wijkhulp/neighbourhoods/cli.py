from flask.cli import AppGroup

neighbourhoods_cli = AppGroup("neighbourhoods", help="Neighbourhoods and the service area.")
