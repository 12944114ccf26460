from flask import Blueprint

bp = Blueprint("settings", __name__, url_prefix="/admin/settings")
