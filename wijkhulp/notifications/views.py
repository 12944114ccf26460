"""Notifications pages (being built)."""
from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index():
    return render_template("notifications/index.html")
