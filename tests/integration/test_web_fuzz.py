"""test_gateway_fuzz's hostile requests through the gateway's web port: every public RPC, over
the Connect protocol and gRPC-Web in turn, with the same generated messages, raw bodies, bad
tokens and hostile headers. Never INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED or a hang (the
bridge adds no failure of its own), and no service restarts.

Fewer examples per RPC than the native run (KITH_WEB_FUZZ_EXAMPLES, 5 by default): the
services behind are the same; what is new here is the bridge in front of them.
"""

from __future__ import annotations

import itertools
import os
import time

import grpc
import pytest
from connectrpc.client import ConnectClientSync, ResponseMetadata
from connectrpc.errors import ConnectError
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.integration.endpoints import GATEWAY, WEB
from tests.integration.test_gateway_fuzz import (
    FUZZ,
    METHODS,
    ROUTES,
    Fuzzer,
    assert_serving_and_none_restarted,
    service_pids,
)
from tests.integration.web_client import PROTOCOLS, method_info

WEB_FUZZ = settings(FUZZ, max_examples=int(os.environ.get("KITH_WEB_FUZZ_EXAMPLES", "5")))
CALL_TIMEOUT_MS = 10_000


class PassThrough:
    """Bytes as they are, both ways: the fuzzer's raw bodies reach the bridge unparsed."""

    def name(self) -> str:
        return "proto"

    def encode(self, message: bytes) -> bytes:
        return message

    def decode(self, data: bytes | bytearray, message_class: type) -> bytes:
        return bytes(data)


def _status(error: ConnectError) -> grpc.StatusCode:
    name = error.code.name
    return grpc.StatusCode["CANCELLED" if name == "CANCELED" else name]


class WebFuzzer(Fuzzer):
    """The fuzzer's calls over the web port; its set-up (users, targets) goes over native gRPC."""

    def __init__(self, channel: grpc.Channel) -> None:
        self.clients = {
            name: ConnectClientSync(WEB, protocol=protocol, codec=PassThrough(), send_compression=None)
            for name, protocol in PROTOCOLS.items()
        }
        self._protocols = itertools.cycle(sorted(self.clients))
        super().__init__(channel)

    def call(self, method: str, body: bytes, metadata) -> tuple[grpc.StatusCode, str, list[bytes] | None, float]:
        client = self.clients[next(self._protocols)]
        headers = dict(metadata or ())
        info = method_info(method)
        started = time.monotonic()
        for attempt in range(6):
            with ResponseMetadata() as answered:
                try:
                    if not ROUTES[method].server_streaming:
                        response = client.execute_unary(
                            request=body, method=info, headers=headers, timeout_ms=CALL_TIMEOUT_MS
                        )
                        return grpc.StatusCode.OK, "", [response], 0.0
                    stream = client.execute_server_stream(
                        request=body, method=info, headers=headers, timeout_ms=CALL_TIMEOUT_MS
                    )
                    if ROUTES[method].long_lived:  # a live stream never ends: its first message answers
                        first = next(iter(stream), None)
                        stream.close()
                        return grpc.StatusCode.OK, "", [] if first is None else [first], 0.0
                    return grpc.StatusCode.OK, "", list(stream), 0.0
                except ConnectError as exc:
                    code = _status(exc)
                    wait_ms = int(
                        answered.headers.get("retry-after-ms") or answered.trailers.get("retry-after-ms") or 0
                    )
                    if code == grpc.StatusCode.RESOURCE_EXHAUSTED and 0 < wait_ms <= 2000 and attempt < 5:
                        self.stats.throttled += 1
                        time.sleep(wait_ms / 1000)
                        continue
                    return code, exc.message, None, time.monotonic() - started
        raise AssertionError("unreachable")

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


@pytest.fixture(scope="module")
def pids_before(platform_up) -> dict[str, int | None]:
    return service_pids()


@pytest.fixture(scope="module")
def web_fuzzer(pids_before):
    with grpc.insecure_channel(GATEWAY) as channel:
        fuzzer = WebFuzzer(channel)
        yield fuzzer
        fuzzer.close()


@pytest.mark.parametrize("method", METHODS)
@WEB_FUZZ
@given(data=st.data())
def test_public_rpc_over_the_web_never_fails_internally(web_fuzzer, method, data):
    web_fuzzer.example(method, data)


def test_every_service_is_still_serving_after_the_web_fuzzing(web_fuzzer, pids_before):
    stats = web_fuzzer.stats
    print(
        f"\nweb-fuzzed {len(METHODS)} RPCs (Connect and gRPC-Web in turn): {stats.total()} calls in "
        f"{time.monotonic() - stats.started:.0f}s; {stats.throttled} rate-limited and retried"
    )
    for kind, codes in sorted(stats.codes.items()):
        print(f"  {kind}: {dict(codes.most_common())}")
    if stats.codes["signed in"]:
        assert not [m for m in stats.called if not stats.reached[m]]  # every RPC got past the gateway
    assert_serving_and_none_restarted(pids_before)
