"""The feed's Redis tests run twice: on the standalone Redis and on the local Redis Cluster
(skipped when it is not running; `deploy/local/kithctl redis-cluster start`)."""

from __future__ import annotations

import pytest

from kith_platform.testing import REDIS_TARGETS, redis_for_test


@pytest.fixture(params=REDIS_TARGETS)
async def redis_client(request):
    client = await redis_for_test(request.param)
    yield client
    await client.aclose()


def pytest_collection_modifyitems(items):
    for item in items:
        if "redis_client" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)  # needs the local servers (make up)
