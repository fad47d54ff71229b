"""The API keeps its OpenAPI contract: schemathesis sends generated requests to every route of
the real WSGI application over the demo's published data, and checks each answer against the
schema (status documented, body valid, content type, no server error)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture
def connection_kept():
    """The test's database connection survives each request, as with Django's own test client
    (a WSGI request otherwise closes it when it finishes, ending the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_of_the_api_is_the_one_its_schema_promises(case, demo, connection_kept):
    case.call_and_validate()
