from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("accounts", __name__, url_prefix="/account")


@bp.get("/")
@login_required
def profile():
    return render_template("accounts/profile.html")
