"""The API keeps its OpenAPI contract: schemathesis sends generated requests to every route of
the real WSGI application over the demo's published data, and checks each answer against the
schema (status documented, body valid, content type, no server error)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_of_the_api_is_the_one_its_schema_promises(case, demo):
    case.call_and_validate()
