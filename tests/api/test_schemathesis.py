"""Property-based tests of the whole API against its live OpenAPI schema (schemathesis): every operation,
generated requests (a read-write token of office A, so writes run too), no server error, and every response
conforms to the schema (status code, content type, body). Runs on whichever database the test run uses
(.ci/run runs SQLite and PostgreSQL); bounded by `max_examples` so that it stays well under a minute."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory

from .public_data import public_agreement

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def live_schema() -> dict:
    """The schema exactly as /api/v1/schema/ serves it (generated without a request at collection time)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


# The fuzzing phase only, a few examples per operation: bounded time on every run (the coverage phase's
# exhaustive edge cases are for an occasional longer run: `schemathesis run` against a server).
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}, "generation": {"max-examples": 4}}
)
schema = schemathesis.openapi.from_dict(live_schema(), config=CONFIG)
APP = get_wsgi_application()


@pytest.fixture
def _keep_connection():
    """Calls go to the WSGI app directly: like Django's test client, do not let the end of a request close the
    test's database connection (it holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_headers(_keep_connection, settings, issue, office_a) -> dict[str, str]:
    """A read-write token of office A, a few records for the generated ids to hit, no throttling."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/min"}}
    ActivityFactory.create_batch(2, agreement=AgreementFactory())
    EvidenceFactory()
    public_agreement()
    _token, client = issue(office_a, can_write=True)
    return {"Authorization": client._credentials["HTTP_AUTHORIZATION"]}


@schema.parametrize()
@hypothesis_settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, token_headers):
    response = case.call(app=APP, headers=token_headers)
    case.validate_response(response, checks=CHECKS)
