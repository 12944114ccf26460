from flask import Blueprint

bp = Blueprint("neighbourhoods", __name__, url_prefix="/admin/neighbourhoods")
