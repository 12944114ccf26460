"""`flask demo seed` on a database without postcode data stops with a clear message, not a traceback."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.geo.models import PostcodeArea


def test_demo_seed_without_postcodes_explains_what_to_do(app, runner) -> None:
    with app.app_context():
        columns = [c.key for c in PostcodeArea.__table__.columns]
        saved = [{k: getattr(a, k) for k in columns} for a in db.session.scalars(select(PostcodeArea))]
        db.session.execute(delete(PostcodeArea))
        db.session.commit()
        geo.clear_cache()
    try:
        result = runner.invoke(args=["demo", "seed"])
        assert result.exit_code != 0
        assert "postcode" in result.output and "flask postcodes ensure" in result.output
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
        with app.app_context():
            assert (db.session.scalar(select(func.count()).select_from(User)) or 0) == 0  # nothing half-seeded
    finally:
        with app.app_context():
            db.session.add_all(PostcodeArea(**row) for row in saved)
            db.session.commit()
            geo.clear_cache()
