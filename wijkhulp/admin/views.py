"""The administration start page."""
from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from wijkhulp.auth import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@admin_required
def index() -> ResponseReturnValue:
    return render_template("admin/index.html")
