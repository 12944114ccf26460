"""No input gives a server error: every GET route, walked as a visitor, a resident and a manager, with the values
an outsider would try (ids beyond 64 bits and beyond the 32-bit id columns, negative ids, page=0 and page=10^12, NUL bytes, 10,000 characters,
dates such as 9999-12-31 and 0000-00-00). Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL, where
NUL bytes and out-of-range integers are what the database itself refuses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories

HUGE_ID = "99999999999999999999999"
TEN_THOUSAND = "x" * 10_000
# Every query parameter a page reads (request.args and the GET filter forms), by what it holds. Request k sends
# every parameter its k-th value, so each page meets each boundary of each parameter in six requests.
INT_PARAMS = ("page", "km", "category", "neighbourhood", "idea", "position", "days", "target_id")
INT_VALUES = (HUGE_ID, str(2**31), "1000000000000", "0", str(-2**31 - 1), "\u00b2")
DATE_PARAMS = ("start", "end")
DATE_VALUES = ("9999-12-31", "0000-00-00", "0001-01-01", "2024-02-30", HUGE_ID, TEN_THOUSAND)
TEXT_PARAMS = ("q", "kind", "type", "near", "actor", "action", "target_key", "role", "status", "next", "refresh",
               "assisted", "format")
TEXT_VALUES = (TEN_THOUSAND, "\u202eevil\u200b", HUGE_ID, "-1", "//evil.example", "\u00b2")
# A NUL byte anywhere in the query string: refused before the page runs (PostgreSQL cannot store or compare it).
NUL_QUERY = "q=a%00b&page=1"

# Beyond 64 bits; the largest id an INTEGER column holds (which does not exist here); one more than that.
PATH_INTS_EVERYONE = (HUGE_ID, str(2**31 - 1), str(2**31))
PATH_INTS_VISITOR = (str(2**63), str(2**63 - 1), "-1", "0")
PATH_STRINGS = ("a\x00b", TEN_THOUSAND, "listing", "\u202eevil")

_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _get_rules(app: Flask) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "GET" in (rule.methods or ()) and rule.endpoint != "static")


def _fill(rule: str, ints: str, strings: str) -> str:
    def one(match: re.Match[str]) -> str:
        return ints if match.group(1) == "int" else quote(strings, safe="")
    return _ARGUMENT.sub(one, rule)


def _query(k: int) -> str:
    pairs = [(name, values[k]) for names, values in ((INT_PARAMS, INT_VALUES), (DATE_PARAMS, DATE_VALUES),
                                                      (TEXT_PARAMS, TEXT_VALUES)) for name in names]
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in pairs)


def _urls(rule: str, who: str) -> Iterator[str]:
    if "<" in rule:
        ints = PATH_INTS_EVERYONE + (PATH_INTS_VISITOR if who == "visitor" else ())
        for index, value in enumerate(ints):
            yield _fill(rule, value, PATH_STRINGS[index % len(PATH_STRINGS)])
        return
    for k in range(len(INT_VALUES)):
        yield f"{rule}?{_query(k)}"
    yield f"{rule}?{NUL_QUERY}"


@pytest.fixture
def clients(app: Flask) -> dict[str, FlaskClient]:
    with app.app_context():
        resident = factories.user().email
        manager = factories.manager().email
    visitor, as_resident, as_manager = app.test_client(), app.test_client(), app.test_client()
    factories.login(as_resident, resident)
    factories.login(as_manager, manager)
    return {"visitor": visitor, "resident": as_resident, "manager": as_manager}


def test_no_get_route_gives_a_server_error(app: Flask, clients: dict[str, FlaskClient]) -> None:
    failures = []
    rules = _get_rules(app)
    assert len(rules) > 50  # the walk really covers the application
    for rule in rules:
        for who, client in clients.items():
            for url in _urls(rule, who):
                try:
                    status = client.get(url).status_code
                except Exception as exc:  # TESTING lets the exception through: that is a 500
                    failures.append(f"{who} GET {url[:120]} -> {type(exc).__name__}: {str(exc)[:200]}")
                    continue
                if status >= 500:
                    failures.append(f"{who} GET {url[:120]} -> {status}")
    assert not failures, "\n".join(failures)
