"""Property-based conformance with schemathesis (skipped when it is not installed).

Hypothesis generates valid requests for every operation of openapi.yaml; the emulator must
never fail (5xx) and every answer must match the documented status codes and schemas.
"""

from __future__ import annotations

from typing import Any

import pytest

from mistral_client.testing import MistralEmulator
from mistral_client.testing._spec import find_spec

from .conftest import AUTH

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")
SPEC = find_spec()
if SPEC is None:  # pragma: no cover - the repository ships openapi.yaml
    pytest.skip("openapi.yaml is not available", allow_module_level=True)

# Fuzzing only: the coverage phase enumerates every boundary of every field (slow here).
config = schemathesis.config.SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}}
)
schema = schemathesis.openapi.from_path(str(SPEC), config=config)
checks = schemathesis.checks
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def _generated_requests(case: Any, shared_emulator: MistralEmulator) -> None:
    response = case.call(base_url=shared_emulator.base_url, headers=AUTH, timeout=10)
    case.validate_response(response, checks=CHECKS)


# Decorated by hand: the decorators come from optional, untyped-here modules.
test_generated_requests = schema.parametrize()(
    hypothesis.settings(
        max_examples=6,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )(_generated_requests)
)
