"""The layering rules of STYLE.md §2, checked on what each module really imports and uses (tests/archcheck.py).

Per module of wijkhulp/ (one test each, every violation listed):
- no relative imports; no dynamic imports (importlib, __import__, pkgutil scans, exec/eval, sys.modules);
- web-only names (request, session, g, current_user, flash, url_for, abort, render_template, redirect, login_user,
  ...) only in web roles: views, forms, view decorators, feature manifests, the factory and its root glue;
- `.commit` only in services and demo seeders;
- features stack by rank; only the factory and manifests import views; models import no services; nothing outside
  the web roles imports views, forms, decorators or manifests.
The self-tests below feed the same checker small fake modules: each break it must catch, and cases it must let be.
"""

from __future__ import annotations

import ast
import pathlib
import textwrap

import pytest

from tests.archcheck import DYNAMIC_IMPORT_ALLOWED, Tree, role_of

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "wijkhulp"
TREE = Tree.from_directory(PACKAGE)


# ---------------------------------------------------------------- the real tree

@pytest.mark.parametrize("relpath", sorted(TREE.by_relpath), ids=lambda r: r.removeprefix("wijkhulp/"))
def test_module_keeps_the_layering_rules(relpath: str) -> None:
    found = TREE.violations(relpath)
    if found:
        pytest.fail(f"{len(found)} violation(s):\n" + "\n".join(found), pytrace=False)


def test_the_dynamic_import_allow_list_stays_empty() -> None:
    assert not DYNAMIC_IMPORT_ALLOWED


# ---------------------------------------------------------------- self-tests: the checker on fake modules

def check(relpath: str, source: str, others: dict[str, str] | None = None) -> list[str]:
    """Violations of `relpath` in a fake wijkhulp/ made of it, the `others` (relpath: source), an empty package
    for each other wijkhulp module they import, and the __init__s."""
    sources = {relpath: textwrap.dedent(source), **(others or {})}
    for text in list(sources.values()):
        for node in ast.walk(ast.parse(text)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            for name in names:
                path = name.replace(".", "/")
                if name.startswith("wijkhulp.") and f"{path}.py" not in sources:
                    sources.setdefault(f"{path}/__init__.py", "")
    for path in list(sources):
        parent = pathlib.PurePosixPath(path).parent
        while parent.name:
            sources.setdefault(f"{parent}/__init__.py", "")
            parent = parent.parent
    return Tree.from_sources(sources).violations(relpath)


BREAKS = {
    # `import flask` and attribute use, in a service
    "flask.request in a service": (
        "wijkhulp/marketplace/services.py", "import flask\n\ndef f():\n    return flask.request.args\n",
        "web-only flask.request"),
    "flask.session via an alias": (
        "wijkhulp/marketplace/services/listings.py", "import flask as f\nx = f.session.get('k')\n",
        "web-only flask.session"),
    "flask.g via getattr": (
        "wijkhulp/marketplace/services.py", "import flask\nx = getattr(flask, 'g')\n", "web-only flask.g"),
    "flask.globals.request": (
        "wijkhulp/ideas/services/pledges.py", "import flask.globals\nx = flask.globals.request\n",
        "web-only flask.globals.request"),
    "request renamed on import": (
        "wijkhulp/marketplace/services.py", "from flask import request as r\n", "web-only flask.request"),
    "star import from flask": (
        "wijkhulp/marketplace/queries.py", "from flask import *\n", "web-only `from flask import *`"),
    # a domain module not named services.py
    "flash in proposals/team.py": (
        "wijkhulp/proposals/team.py", "from flask import flash\n", "web-only flask.flash"),
    "request in proposals/team.py": (
        "wijkhulp/proposals/team.py", "from flask import request\n", "web-only flask.request"),
    "session in proposals/team.py": (
        "wijkhulp/proposals/team.py", "from flask import session\n", "web-only flask.session"),
    "current_user in a model": (
        "wijkhulp/ideas/models.py", "from flask_login import current_user\n", "web-only flask_login.current_user"),
    # accounts/services.py
    "login_user in accounts/services.py": (
        "wijkhulp/accounts/services.py", "from flask_login import login_user\n", "web-only flask_login.login_user"),
    "logout_user via the module": (
        "wijkhulp/accounts/services.py", "import flask_login\nflask_login.logout_user()\n",
        "web-only flask_login.logout_user"),
    "werkzeug's abort in accounts/services.py": (
        "wijkhulp/accounts/services.py", "from werkzeug.exceptions import abort\n",
        "web-only werkzeug.exceptions.abort"),
    "werkzeug's abort via the module": (
        "wijkhulp/accounts/services.py", "import werkzeug.exceptions\nwerkzeug.exceptions.abort(404)\n",
        "web-only werkzeug.exceptions.abort"),
    "werkzeug's redirect": (
        "wijkhulp/accounts/permissions.py", "from werkzeug.utils import redirect\n",
        "web-only werkzeug.utils.redirect"),
    "url_for in a registry": (
        "wijkhulp/notifications/registry.py", "from flask import url_for\n", "web-only flask.url_for"),
    "render_template_string, make_response, send_file": (
        "wijkhulp/moderation/exports.py", "from flask import make_response, render_template_string, send_file\n",
        "web-only flask.send_file"),
    # forms into a models.py
    "forms module imported by name into models.py": (
        "wijkhulp/marketplace/models.py", "from wijkhulp.marketplace import forms\n",
        "models module imports forms wijkhulp.marketplace.forms"),
    "a form class imported into models.py": (
        "wijkhulp/marketplace/models.py", "from wijkhulp.marketplace.forms import ListingForm\n",
        "models module imports forms wijkhulp.marketplace.forms"),
    "forms reached by attribute from the feature package": (
        "wijkhulp/marketplace/models.py", "from wijkhulp import marketplace\nx = marketplace.forms.ListingForm\n",
        "models module imports forms wijkhulp.marketplace.forms"),
    "models import services": (
        "wijkhulp/ideas/models.py", "from wijkhulp.ideas import services\n", "models import services"),
    "a service imports views": (
        "wijkhulp/ideas/services.py", "from wijkhulp.ideas import views\n", "imports views wijkhulp.ideas.views"),
    "a view imports another feature's views": (
        "wijkhulp/ideas/views.py", "from wijkhulp.accounts.views import bp\n",
        "imports views wijkhulp.accounts.views"),
    "a service imports a view decorator": (
        "wijkhulp/ideas/services.py", "from wijkhulp.accounts.decorators import manager_required\n",
        "services module imports decorators"),
    # any relative import
    "relative import of a sibling": (
        "wijkhulp/ideas/services.py", "from . import models\n", "relative import `from . import"),
    "relative import of a name": (
        "wijkhulp/ideas/services/pledges.py", "from ._common import helper\n", "relative import `from ._common"),
    "relative import two levels up": (
        "wijkhulp/ideas/services/pledges.py", "from ..models import Idea\n", "relative import `from ..models"),
    "relative import resolved for the other rules": (
        "wijkhulp/ideas/models.py", "from .forms import IdeaForm\n",
        "models module imports forms wijkhulp.ideas.forms"),
    # dynamic imports dodging the check
    "importlib.import_module": (
        "wijkhulp/ideas/services.py", "import importlib\nf = importlib.import_module('flask')\n",
        "dynamic import importlib.import_module"),
    "import_module imported by name": (
        "wijkhulp/demo.py", "from importlib import import_module as im\n", "dynamic import importlib.import_module"),
    "__import__": (
        "wijkhulp/ideas/services.py", "request = __import__('flask').request\n", "dynamic import builtins.__import__"),
    "importlib.util": (
        "wijkhulp/ideas/queries.py", "import importlib.util\nimportlib.util.find_spec('flask')\n",
        "dynamic import importlib.util.find_spec"),
    "pkgutil scan": (
        "wijkhulp/demo.py", "import pkgutil\nfor m in pkgutil.iter_modules([]):\n    pass\n",
        "dynamic import pkgutil.iter_modules"),
    "exec": ("wijkhulp/ideas/services.py", "exec('from flask import request')\n", "dynamic import builtins.exec"),
    "sys.modules": (
        "wijkhulp/ideas/services.py", "import sys\nr = sys.modules['flask'].request\n", "dynamic import sys.modules"),
    # commit outside services and demo seeders
    "db.session.commit() in a view": (
        "wijkhulp/ideas/views.py", "from wijkhulp.extensions import db\n\ndef v():\n    db.session.commit()\n",
        "db.session.commit in a views module"),
    "commit in cli.py": (
        "wijkhulp/ideas/cli.py", "from wijkhulp.extensions import db\ndb.session.commit()\n",
        "db.session.commit in a domain module"),
    "commit in a domain module not named services.py": (
        "wijkhulp/proposals/team.py", "from wijkhulp.extensions import db\ndb.session.commit()\n",
        "db.session.commit in a domain module"),
    "commit in a model": (
        "wijkhulp/ideas/models.py", "def f(session):\n    session.commit()\n", "session.commit in a models module"),
    "commit handed on uncalled": (
        "wijkhulp/ideas/queries.py", "from wijkhulp.extensions import db\ndone = db.session.commit\n",
        "db.session.commit in a domain module"),
    "commit via getattr": (
        "wijkhulp/ideas/forms.py", "def f(s):\n    getattr(s, 'commit')()\n", "in a forms module"),
    # re-exports through another wijkhulp module
    "request re-exported by a wijkhulp module": (
        "wijkhulp/ideas/services.py", "from wijkhulp.errors import request\n", "web-only flask.request"),
    "request reached through a wijkhulp module's attribute": (
        "wijkhulp/ideas/services.py", "from wijkhulp import errors\nx = errors.request.args\n",
        "web-only flask.request"),
    # features stack
    "a feature imports a higher one": (
        "wijkhulp/marketplace/services.py", "from wijkhulp.moderation import models\n",
        "imports the higher or equal feature wijkhulp.moderation"),
    "a feature imports an equal one": (
        "wijkhulp/ideas/queries.py", "import wijkhulp.proposals.models\n", "higher or equal feature"),
    "a low module imports a feature": (
        "wijkhulp/registry/events.py", "from wijkhulp.accounts.models import User\n",
        "low module registry imports the feature"),
    "a feature imports the cli": (
        "wijkhulp/ideas/services.py", "from wijkhulp import cli\n", "imports the high root module wijkhulp.cli"),
    "a domain module imports the factory": (
        "wijkhulp/ideas/services.py", "from wijkhulp import create_app\n", "imports factory wijkhulp"),
    "an unknown feature": (
        "wijkhulp/ideas/services.py", "from wijkhulp.novelty import models\n", "unknown feature"),
}


@pytest.mark.parametrize(("relpath", "source", "expected"), BREAKS.values(), ids=BREAKS.keys())
def test_the_checker_catches(relpath: str, source: str, expected: str) -> None:
    found = check(relpath, source, {"wijkhulp/errors.py": "from flask import request\n",
                                    "wijkhulp/__init__.py": "def create_app():\n    pass\n"})
    assert any(expected in v for v in found), f"expected {expected!r} in {found}"


ALLOWED = {
    "current_app and Flask in a service": (
        "wijkhulp/ideas/services.py", ("from flask import Flask, Response, current_app, jsonify\n"
                                       "x = current_app.config['X']\n")),
    "flask module for current_app only": ("wijkhulp/ideas/services.py", "import flask\nx = flask.current_app.name\n"),
    "commit in a services/ package": (
        "wijkhulp/ideas/services/pledges.py", "from wijkhulp.extensions import db\ndb.session.commit()\n"),
    "commit in a services.py": (
        "wijkhulp/organisations/services.py", "from wijkhulp.extensions import db\ndb.session.commit()\n"),
    "commit in a demo seeder": (
        "wijkhulp/ideas/demo.py",
        "from wijkhulp.extensions import db\nfrom wijkhulp.demo import register_seeder\ndb.session.commit()\n"),
    "db.session is not flask.session": (
        "wijkhulp/ideas/models.py", "from wijkhulp.extensions import db\nx = db.session.get\n"),
    "a parameter named request": ("wijkhulp/ideas/services.py", "def f(request):\n    return request.args\n"),
    "request in views.py": (
        "wijkhulp/ideas/views.py", ("from flask import flash, redirect, request, url_for\n"
                                    "from flask_login import current_user, login_user\n"
                                    "from wijkhulp.ideas import forms, services\n")),
    "a views package imports its own parts": (
        "wijkhulp/ideas/views/__init__.py", "from wijkhulp.ideas.views import pledges\n"),
    "request in a forms module": ("wijkhulp/ideas/forms.py", "from flask import request\n"),
    "abort in a view decorator": ("wijkhulp/accounts/decorators.py", "from flask import abort\n"),
    "a manifest imports views and url_for": (
        "wijkhulp/marketplace/feature.py", "from flask import url_for\nfrom wijkhulp.marketplace import views\n"),
    "the factory imports views": ("wijkhulp/__init__.py", "from wijkhulp.ideas.views import bp\n"),
    "root glue reads the request": (
        "wijkhulp/errors.py", "from flask import render_template, request\nfrom werkzeug.exceptions import abort\n"),
    "i18n reads the session": ("wijkhulp/i18n.py", "from flask import session\nfrom flask_login import current_user\n"),
    "a web/ glue package": ("wijkhulp/web/menus.py", "from flask import url_for\n"),
    "a feature imports lower features and low roots": (
        "wijkhulp/marketplace/services.py", ("from wijkhulp.accounts.models import User\n"
                                             "from wijkhulp.registry import events\n"
                                             "from wijkhulp import errors, i18n\nimport wijkhulp.geo.postcodes\n")),
    "anyone imports the pure postcode rules": ("wijkhulp/registry/x.py", "from wijkhulp.geo import postcodes\n"),
    "importlib.resources is not an import": (
        "wijkhulp/geo/services.py", "import importlib.resources\nx = importlib.resources.files('wijkhulp')\n"),
    "a model imports its own feature's permissions": (
        "wijkhulp/ideas/models.py", "from wijkhulp.ideas.permissions import can_pledge\n"),
}


@pytest.mark.parametrize(("relpath", "source"), ALLOWED.values(), ids=ALLOWED.keys())
def test_the_checker_lets_be(relpath: str, source: str) -> None:
    assert check(relpath, source, {"wijkhulp/ideas/views/pledges.py": ""}) == []


def test_the_checker_reads_a_package_on_disk_the_same_way(tmp_path: pathlib.Path) -> None:
    package = tmp_path / "wijkhulp"
    (package / "proposals").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "proposals" / "__init__.py").write_text("")
    (package / "proposals" / "team.py").write_text("from flask import flash, request, session\n")
    found = Tree.from_directory(package).violations("wijkhulp/proposals/team.py")
    assert [v.split(" in a ")[0] for v in found] == [
        "wijkhulp/proposals/team.py:1: web-only flask.flash",
        "wijkhulp/proposals/team.py:1: web-only flask.request",
        "wijkhulp/proposals/team.py:1: web-only flask.session",
    ]


@pytest.mark.parametrize(("dotted", "role"), [
    ("wijkhulp", "factory"), ("wijkhulp.ideas.views", "views"), ("wijkhulp.api.views.listings", "views"),
    ("wijkhulp.forms", "forms"), ("wijkhulp.ideas.forms", "forms"), ("wijkhulp.accounts.decorators", "decorators"),
    ("wijkhulp.marketplace.feature", "manifest"), ("wijkhulp.errors", "glue"), ("wijkhulp.web", "glue"),
    ("wijkhulp.web.menus", "glue"), ("wijkhulp.i18n", "glue"), ("wijkhulp.security", "glue"),
    ("wijkhulp.ideas.services", "services"), ("wijkhulp.ideas.services.pledges", "services"),
    ("wijkhulp.ideas.demo", "demo"), ("wijkhulp.demo", "demo"), ("wijkhulp.ideas.models", "models"),
    ("wijkhulp.proposals.team", "domain"), ("wijkhulp.cli", "domain"), ("wijkhulp.ideas.cli", "domain"),
    ("wijkhulp.registry.events", "domain"), ("wijkhulp.notifications.services.mail", "services"),
])
def test_roles_come_from_where_a_module_sits(dotted: str, role: str) -> None:
    assert role_of(dotted) == role
