"""Web glue: values every page template needs (site name, main menu, header badge), links for queue rows, and
what every request passes through first: ids and numbers that fit an id column, no control characters, one page-number
parser and one same-site redirect check."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask.wrappers import Request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError
from werkzeug.security import safe_join

from wijkhulp.errors import problem_response
from wijkhulp.extensions import db
from wijkhulp.text import has_forbidden_control, strip_invisible
from wijkhulp.registry import settings as setting_specs
from wijkhulp.metrics import Scope
from wijkhulp.registry.chrome import HEADER_COUNTERS, MENU
from wijkhulp.registry.content import QueueRow

log = logging.getLogger(__name__)


# The largest id: ids are INTEGER columns, 32 bits signed on PostgreSQL (SQLite would take 64). A larger number in
# a URL or a query string can name nothing, and PostgreSQL refuses to even compare with it.
ID_MAX = 2**31 - 1
MAX_PAGE = 10_000     # page numbers are clamped to 1..MAX_PAGE: deeper pages are empty, not an error


# ---------------------------------------------------------------- every request's input

def bounded_int(value: Any) -> int:
    """int(value) when it fits an id column (see ID_MAX); ValueError otherwise, so MultiDict.get(type=...) returns
    the default, as for any other unreadable number."""
    number = int(value)
    if not -ID_MAX - 1 <= number <= ID_MAX:
        raise ValueError("out of the range of an id column")
    return number


class InputDict(ImmutableMultiDict):
    """The query string and form of a request: invisible characters (bidi overrides, zero-width spaces, control
    characters) removed from every value but passwords, `has_control` set when a control character was sent, and
    `.get(name, type=int)` refusing numbers no id column holds."""

    has_control = False

    def __init__(self, mapping: Any = None) -> None:
        pairs = list(_pairs(mapping))
        self.has_control = any(has_forbidden_control(k) or isinstance(v, str) and has_forbidden_control(v)
                               for k, v in pairs)
        super().__init__([(strip_invisible(k), _cleaned(k, v)) for k, v in pairs])

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:  # noqa: A002 (werkzeug's name)
        return super().get(key, default, bounded_int if type is int else type)


def _pairs(mapping: Any) -> Iterable[tuple[Any, Any]]:
    if mapping is None:
        return ()
    if isinstance(mapping, MultiDict):
        return mapping.items(multi=True)
    if isinstance(mapping, Mapping):
        return ((k, v) for k, vs in mapping.items()
                for v in (vs if isinstance(vs, (list, tuple, set)) else (vs,)))
    return mapping


def _cleaned(key: Any, value: Any) -> Any:
    if not isinstance(value, str) or "password" in str(key):  # a password is compared exactly as typed
        return value
    return strip_invisible(value)


class InputRequest(Request):
    parameter_storage_class = InputDict


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every route: an id beyond ID_MAX matches no page (404) instead of reaching the database."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > ID_MAX:
            raise ValidationError()
        return number


class PlainStringConverter(UnicodeConverter):
    """`<name>` and `<string:...>`: a path part holding a control character matches no page (404)."""

    def to_python(self, value: str) -> str:
        if has_forbidden_control(value):
            raise ValidationError()
        return value


def install_input_rules(app: Flask) -> None:
    """Before any blueprint is registered: the converters are looked up when a route is added."""
    app.request_class = InputRequest
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["default"] = PlainStringConverter
    app.url_map.converters["string"] = PlainStringConverter

    @app.before_request
    def refuse_control_characters() -> ResponseReturnValue | None:
        if request.args.has_control or (request.method != "GET" and request.form.has_control):
            if request.path.startswith("/api/v1/"):
                return problem_response(422, "Er staat een onzichtbaar stuurteken in de vraag.")
            return render_template("errors/generic.html", code=422, message=_(
                "What you sent contains an invisible control character. Remove it and try again. "
                "Nothing has been saved.")), 422
        return None


def page_arg(source: Any = None) -> int:
    """The page number from ?page= (or from `source`), clamped to 1..MAX_PAGE; 1 when missing or unreadable."""
    page = (source if source is not None else request.args).get("page", 1, type=bounded_int)
    return max(1, min(MAX_PAGE, page if isinstance(page, int) else 1))


def safe_next(target: str | None) -> str | None:
    """A path on this site such as '/profiel?x=1', or None for anything that could lead elsewhere: absolute and
    scheme-relative URLs ('//evil.example'), backslashes, tabs, line ends and other control characters (browsers
    drop those, so '/<TAB>/evil.example' would become '//evil.example') and invisible marks."""
    if not target or not isinstance(target, str):
        return None
    if any(c in target for c in "\\\t\n\r") or target != strip_invisible(target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def next_or(default: str) -> str:
    """The same-site `next` sent with the form or in the query string, else `default`."""
    return safe_next(request.form.get("next") or request.args.get("next")) or default


STATIC_MAX_AGE = 365 * 24 * 3600  # a fingerprinted static file never changes under its name


def install_static_fingerprints(app: Flask) -> None:
    """`url_for('static', filename=...)` adds `?v=<first 12 hex of the file's SHA-256>`; a static response asked
    for with the file's current fingerprint may be kept for a year (immutable). A changed file gets a new name, so
    browsers never keep an old stylesheet; without (or with a stale) `v` the usual revalidation applies."""
    known: dict[str, tuple[float, str]] = {}

    def fingerprint(filename: str) -> str | None:
        path = safe_join(str(app.static_folder), filename)
        if path is None:
            return None
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            return None
        cached = known.get(filename)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        try:
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()[:12]
        except OSError:  # a folder, or unreadable
            return None
        known[filename] = (mtime, digest)
        return digest

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values and isinstance(values.get("filename"), str):
            digest = fingerprint(values["filename"])
            if digest is not None:
                values["v"] = digest

    @app.after_request
    def cache_fingerprinted(response: Any) -> Any:
        if request.endpoint == "static" and response.status_code in (200, 304):
            asked = request.args.get("v")
            filename = (request.view_args or {}).get("filename")
            if asked and isinstance(filename, str) and asked == fingerprint(filename):
                response.cache_control.public = True
                response.cache_control.max_age = STATIC_MAX_AGE
                response.cache_control.immutable = True
        return response


def init_app(app: Flask) -> None:
    install_input_rules(app)
    install_static_fingerprints(app)

    @app.context_processor
    def inject_site() -> dict[str, Any]:
        from wijkhulp.settings import services as settings

        endpoints = current_app.view_functions
        site = {"site_name": setting_specs.spec("site_name").default,
                "municipality_name": setting_specs.spec("municipality_name").default, "unread_count": 0,
                "header_counts": {}, "header_links": []}
        try:
            site["site_name"] = settings.get("site_name") or site["site_name"]
            site["municipality_name"] = settings.get("municipality_name")
            if current_user and current_user.is_authenticated:
                counts = {counter.key: counter.count(current_user) for counter in HEADER_COUNTERS.all()}
                site["header_counts"] = counts
                site["unread_count"] = sum(counts.values())
                # (endpoint, label, number): the account links the features add, in their order
                site["header_links"] = [(c.endpoint, c.label, counts[c.key]) for c in HEADER_COUNTERS.all()
                                        if c.endpoint and c.endpoint in endpoints]
        except SQLAlchemyError:  # the error pages must render even when the database is down
            log.warning("database unavailable while rendering a page", exc_info=True)
            db.session.rollback()
        menu = [(item.endpoint, item.label) for item in MENU.all() if item.endpoint in endpoints]
        return {**site, "main_menu": menu, "view_endpoints": endpoints}


def linked_rows(load: Callable[[Scope], list[QueueRow]], url_of: Callable[[QueueRow], str]
                ) -> Callable[[Scope], list[QueueRow]]:
    """A queue source's loader whose rows link to `url_of(row)`: the rows come from the domain layer, the links
    (url_for) from the manifest."""

    def load_linked(pc4s: Scope) -> list[QueueRow]:
        return [replace(row, url=url_of(row)) for row in load(pc4s)]

    return load_linked
