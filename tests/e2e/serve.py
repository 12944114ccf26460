"""The app under test, run in its own process by tests/e2e/conftest.py.

    python tests/e2e/serve.py create-schema     # db.create_all() (only until migrations/versions has files)
    python tests/e2e/serve.py serve PORT        # a threaded werkzeug server on 127.0.0.1:PORT

The app is configured exactly as in production: `create_app()` without a test mapping, so it reads
instance/config.py, then the WIJKHULP_* and standard environment variables that conftest.py sets.
"""

from __future__ import annotations

import sys

from werkzeug.serving import make_server

from wijkhulp import create_app


def create_schema() -> None:
    from wijkhulp.extensions import db

    app = create_app()
    with app.app_context():
        db.create_all()
        db.engine.dispose()


def serve(port: int) -> None:
    app = create_app()
    server = make_server("127.0.0.1", port, app, threaded=True)
    print(f"serving on http://127.0.0.1:{server.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["create-schema"]:
        create_schema()
    elif sys.argv[1:2] == ["serve"] and len(sys.argv) == 3:
        serve(int(sys.argv[2]))
    else:
        sys.exit(__doc__)
