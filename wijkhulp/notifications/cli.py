from flask.cli import AppGroup

mail_cli = AppGroup("mail", help="Outgoing mail.")
