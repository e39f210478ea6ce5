"""Integration tests run against the real servers and services started by `make up`."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import grpc
import pytest

from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc, trust_safety_pb2_grpc
from kith.live.v1 import live_pb2_grpc
from kith.messaging.v1 import messaging_pb2_grpc
from kith_cli.ldbc import LdbcLoader, LdbcMini
from kith_cli.seeding import Seeder, SeedState
from kith_platform.healthcheck import status, wait_serving
from kith_platform.testing import GatewayClient, SignedUpUser
from tests.integration.endpoints import GATEWAY, LDBC_MINI, SERVICE_ADDRESSES
from tests.integration.ldbc_slice import write_slice
from tests.integration.processes import Instance, closed_port

ROOT = Path(__file__).resolve().parents[2]
KITHCTL = ROOT / "deploy" / "local" / "kithctl"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.integration)


def kithctl(*args: str) -> str:
    return subprocess.run([str(KITHCTL), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
async def platform_up() -> None:
    """Start the platform if it is not running (make test has already started it)."""
    if await status(GATEWAY) != "SERVING":
        subprocess.run([str(KITHCTL), "up"], check=True)


@pytest.fixture(scope="session")
async def gateway_channel(platform_up):
    async with grpc.aio.insecure_channel(GATEWAY) as channel:
        yield channel


@pytest.fixture(scope="session")
async def api(gateway_channel) -> GatewayClient:
    return GatewayClient(gateway_channel)


@pytest.fixture(scope="session")
async def proxying_api(platform_up, tmp_path_factory):
    """The public API through an extra gateway that proxies the feed's reads to the feed API
    (KITH_FEED_READS=proxy) instead of serving them itself as the platform's gateway does: the
    no-leak tests of the feed's reads run through both."""
    address = f"127.0.0.1:{closed_port()}"
    gateway = Instance(
        "gateway",
        tmp_path_factory.mktemp("proxying-gateway") / "gateway.log",
        {"KITH_GRPC_PORT": address.rsplit(":", 1)[1], "KITH_METRICS_PORT": "0", "KITH_FEED_READS": "proxy"},
    )
    try:
        gateway.start()
        assert (await wait_serving([address], 60))[address] == "SERVING", gateway.log()[-2000:]
        async with grpc.aio.insecure_channel(address) as channel:
            yield GatewayClient(channel)
    finally:
        gateway.stop()


@pytest.fixture(scope="session")
def msg(api: GatewayClient) -> messaging_pb2_grpc.MessagingServiceStub:
    return api.messaging


@pytest.fixture(scope="session")
def live(gateway_channel) -> live_pb2_grpc.LiveServiceStub:
    return live_pb2_grpc.LiveServiceStub(gateway_channel)


@pytest.fixture(scope="session")
async def ldbc_mini(gateway_channel, tmp_path_factory) -> LdbcLoader:
    """A slice of the LDBC SNB mini data set (tests/integration/ldbc_slice.py) loaded once per
    session by `kith load ldbc`'s own loader, under fresh handles; the loader maps LDBC ids to
    ours, and `loader.data.directory` holds the slice's CSV files."""
    directory = tmp_path_factory.mktemp("ldbc")
    data = LdbcMini(write_slice(LDBC_MINI, directory / "slice"))
    state = SeedState.open(directory / "state.jsonl", gateway=GATEWAY)
    seeder = Seeder(gateway_channel, state, concurrency=16, progress=False)
    loader = LdbcLoader(seeder, data, prefix=f"l{uuid.uuid4().hex[:8]}")
    try:
        await loader.load()
    finally:
        state.close()
    assert not seeder.failed, {p.name: p.errors for p in seeder.phases.values() if p.failed}
    return loader


@pytest.fixture(scope="session")
async def internal_identity(platform_up):
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        yield identity_pb2_grpc.IdentityInternalServiceStub(channel)


@pytest.fixture(scope="session")
async def safety(gateway_channel):
    return trust_safety_pb2_grpc.TrustAndSafetyServiceStub(gateway_channel)


async def staff_member(api, internal_identity, role) -> SignedUpUser:
    """A new person made platform staff with that role (as `kith staff grant` does)."""
    person = await api.sign_up("staff")
    await internal_identity.GrantStaffRole(I.GrantStaffRoleRequest(handle=person.handle, role=role))
    return person
