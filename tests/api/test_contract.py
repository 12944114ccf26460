"""Contract test: schemathesis generates requests for every operation of /api/v1/openapi.json and calls the WSGI
app; no answer may be a server error, and every answer must match its status code, content type and schema as the
document describes them. A bounded budget keeps it in the normal suite (SQLite and PostgreSQL)."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings

with warnings.catch_warnings():  # schemathesis 3 still reaches for jsonschema names deprecated in 4.18
    warnings.simplefilter("ignore", DeprecationWarning)
    import schemathesis
    from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                     status_code_conformance)

from tests.api.seed import seed

schemathesis.experimental.OPEN_API_3_1.enable()
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
EXAMPLES = 12  # per operation: a few seconds each
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the same, while it validates


def test_every_operation_keeps_its_contract(app):
    with app.app_context():
        seed()
    client = app.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    schema = schemathesis.from_dict(document, app=app, base_url="/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(document["paths"])
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call_wsgi()
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # name the operation in the failure
            pytest.fail(f"{operation.verbose_name}: {exc}")
