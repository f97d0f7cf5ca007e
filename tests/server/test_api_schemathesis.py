"""Property-based fuzzing of every read endpoint from the app's own OpenAPI schema.

Whatever a client sends (odd Unicode, huge numbers, missing or extra parameters), a read
must answer 2xx/4xx, never a 5xx. Writes are left out: they mutate the store and the
token check in front of them is covered directly in test_api.py.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from marsad.server import create_app

# The schema must exist at collection time for @parametrize, while the demo database is
# a session fixture: the app points at this path now and the fixture fills it before any
# request. (schemathesis.pytest.from_fixture would avoid this but breaks on pytest 9.)
_DIR = Path(tempfile.mkdtemp(prefix="marsad-fuzz-"))
_DB = _DIR / "demo.db"

schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(str(_DB), token=None)
).include(method="GET")


@pytest.fixture(scope="module", autouse=True)
def _fuzz_db(demo_db: Path):
    shutil.copy(demo_db, _DB)
    yield
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_reads_never_fail_with_a_server_error(case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
