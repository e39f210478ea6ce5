"""Fuzzing through the gateway: every public RPC, fed hostile requests generated from its message
descriptor and bodies that are not protobuf at all, with a valid, a missing, a garbage and an
expired token, never answers INTERNAL, UNKNOWN or DATA_LOSS, never hangs, and no service restarts.
A server-streaming RPC is read to the end of its stream, and every message of it is checked.

The RPCs come from the gateway's own routing table (`public_routes()`, checked against what the
running gateway lists by reflection), so an RPC added later is fuzzed without editing this file.
The calls are spread over several signed-up users so that the per-user rate limit does not turn
the test into a test of the rate limiter; the last test counts how many calls reached a service.
"""

from __future__ import annotations

import base64
import collections
import itertools
import json
import os
import time
import uuid
from dataclasses import dataclass, field

import grpc
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from google.protobuf import descriptor_pool, message_factory, timestamp_pb2
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.communities.v1 import communities_pb2 as C
from kith.communities.v1 import communities_pb2_grpc
from kith.content.v1 import content_pb2 as P
from kith.content.v1 import content_pb2_grpc
from kith.feed.v1 import feed_pb2
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc
from kith_gateway.domain.routes import public_routes
from kith_platform.testing import SignedUpUser, unique_handle
from tests.integration.endpoints import GATEWAY, JWT_KEYS, SERVICE_ADDRESSES
from tests.integration.processes import supervised_pid

POOL = descriptor_pool.Default()
ROUTES = public_routes()
METHODS = sorted(ROUTES)  # "/kith.identity.v1.IdentityService/Register", ...
# Examples per RPC; each example makes three calls. KITH_FUZZ_EXAMPLES=200 for a deeper local run.
EXAMPLES = int(os.environ.get("KITH_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
    ],
)
CALL_TIMEOUT = 10.0
# A status that means a bug (or a crash: UNAVAILABLE; a hang: DEADLINE_EXCEEDED; a route to
# nowhere: UNIMPLEMENTED). Everything else (INVALID_ARGUMENT, NOT_FOUND, ...) is a fine answer.
FORBIDDEN = {
    grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
    grpc.StatusCode.DATA_LOSS,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.UNIMPLEMENTED,
}
# Answers that may come from the gateway itself rather than from the service behind it.
AT_THE_EDGE = {grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.UNAUTHENTICATED}
PROGRAMS = ("gateway", "identity", "graph", "communities", "content", "feed-api", "feed-worker", "live")
PASSWORD = "fuzzing password 1"
CALLERS = 8
INT_RANGES = {
    FieldDescriptor.TYPE_INT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SINT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_INT64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SINT64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_UINT32: (0, 2**32 - 1),
    FieldDescriptor.TYPE_FIXED32: (0, 2**32 - 1),
    FieldDescriptor.TYPE_UINT64: (0, 2**64 - 1),
    FieldDescriptor.TYPE_FIXED64: (0, 2**64 - 1),
}

HOSTILE_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 64,
    "\t\r\n\x0b\x0c",
    "\x1b[2J\x07\x08",
    "\u202eevil",
    "\ufeff",
    "\u200b",
    "😀" * 64,
    "é" * 600,
    "Ω" * 5001,
    "x" * 5001,
    "y" * 100_000,
    "a" * 3000 + "!",
    # SQL, Cypher and full-text query syntax
    "'; DROP TABLE users; --",
    "' OR '1'='1' --",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(30)",
    "'); SELECT pg_sleep(30); --",
    "' OR 1=1 WITH * MATCH (n) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n //',
    "`) RETURN 1 //",
    "$param",
    "a & | ! (",
    "a:*",
    "!!!",
    "a <-> b",
    "AND OR NOT",
    "*:*",
    "/regex/",
    "title:x~",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    '"',
    "'",
    "^",
    "~",
    "%",
    "_",
    "%%",
    "\\",
    "\\x00",
    "*",
    "?",
    "{{7*7}}",
    "${jndi:ldap://x/a}",
    "%s%s%n",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "null",
    "None",
    "NaN",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    # handles, mentions, tags, addresses, links, zones, languages
    "@",
    "#",
    "@@@@",
    "##",
    "#" + "a" * 300,
    "@" + "a" * 300,
    "#fuzz",
    "a@b",
    "x@example.org",
    "@x@example.org",
    "javascript:alert(1)",
    "http://",
    "http://[::1",
    "https://" + "a" * 3000 + ".com",
    "www.example.com",
    "file:///etc/passwd",
    "https://example.org/a b",
    "Europe/Paris",
    "Not/AZone",
    "../../../../etc/localtime",
    "UTC",
    "+99:99",
    ":",
    "en",
    "zz-ZZ",
    "a.b",
]
MALFORMED_IDS = [
    "",
    " ",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "1",
    "-1",
    "0x1",
    "' OR 1=1 --",
    "\x00",
    "00000000-0000-0000-0000-00000000000",
    "00000000-0000-0000-0000-0000000000000",
    "{00000000-0000-0000-0000-000000000001}",
    "urn:uuid:00000000-0000-0000-0000-000000000001",
    "00000000000000000000000000000001",
    "g0000000-0000-0000-0000-000000000000",
    "z" * 10_000,
]
CURSOR_PARTS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**63, -(2**63) - 1]),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(MALFORMED_IDS),
    st.none(),
    st.booleans(),
    st.just([]),
    st.just({}),
    st.just({"a": [1, 2]}),
)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


CURSORS = st.one_of(
    st.sampled_from(["", "!!", "eyJ", "====", "e30", "W10", "bnVsbA", "%00", "a" * 10_000]),
    st.text(max_size=40),
    st.binary(max_size=40).map(_b64),
    st.lists(CURSOR_PARTS, max_size=5).map(lambda parts: _b64(json.dumps(parts).encode())),
    st.lists(CURSOR_PARTS, max_size=5).map(lambda parts: json.dumps(parts)),
)
SIZES = st.one_of(
    st.sampled_from([0, 1, -1, 50, 100, 101, 500, 1000, 10**6, 2**31 - 1, -(2**31)]),
    st.integers(min_value=-(2**31), max_value=2**31 - 1),
)
# Bodies that are no valid protobuf message of any type (and a few that are, with unknown fields).
JUNK_BODIES = [
    b"\xff",
    b"\x00",
    b"\x00\x01",
    b"\x08",
    b"\x08" + b"\xff" * 11,
    b"\x0a",
    b"\x0a\x05ab",
    b"\x0a\xff\xff\xff\xff\x07",
    b"\x0a\x02\xff\xfe",
    b"\x0b",
    b"\x0c",
    b"\x0b\x08\x01",
    b"\x0f",
    b"\x0d\x01",
    b"\x09\x01\x02",
    b"\xf8\xff\xff\xff\x0f\x01",
    b"\x80" * 20,
    b"\x0a\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01",
    b"\x0a" + b"\xe8\x07" + b"a" * 1000,  # a 1000-byte string field 1
]


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _nested(depth: int, field_number: int) -> bytes:
    body = b""
    for _ in range(depth):
        body = _varint(field_number << 3 | 2) + _varint(len(body)) + body
    return body


JUNK_BODIES += [_nested(200, 1), _nested(2000, 2), b"\x0a" + _varint(1 << 20) + b"z" * (1 << 20)]


def _mutate(args: tuple[bytes, int, int, bytes]) -> bytes:
    body, how, at, junk = args
    at = at % (len(body) + 1)
    if how == 0:
        return body[:at]  # truncated
    if how == 1 and body:
        at = min(at, len(body) - 1)
        return body[:at] + bytes([body[at] ^ 0xFF]) + body[at + 1 :]  # a flipped byte
    if how == 2:
        return body[:at] + junk + body[at:]  # junk in the middle
    return body + junk


@dataclass
class Stats:
    codes: dict[str, collections.Counter] = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    called: collections.Counter = field(default_factory=collections.Counter)  # method -> calls
    reached: collections.Counter = field(default_factory=collections.Counter)  # method -> calls past the gateway
    throttled: int = 0  # rate-limited calls that were retried after retry-after-ms
    sessions_replaced: int = 0  # callers logged in again after a Logout/LogoutEverywhere ended their session
    started: float = field(default_factory=time.monotonic)

    def total(self) -> int:
        return sum(sum(c.values()) for c in self.codes.values())


class Fuzzer:
    """Signed-up callers, real objects to aim at, the strategies, and the calls themselves."""

    def __init__(self, channel: grpc.Channel) -> None:
        self.channel = channel
        self.stats = Stats()
        self._rpcs: dict[str, grpc.UnaryUnaryMultiCallable | grpc.UnaryStreamMultiCallable] = {}
        self._strategies: dict[tuple[str, int, bool], st.SearchStrategy] = {}
        self.identity = identity_pb2_grpc.IdentityServiceStub(channel)
        self.callers = [self.sign_up("fz") for _ in range(CALLERS)]
        self._next = itertools.cycle(range(CALLERS))
        self.owner = self.sign_up("fzowner")
        self.real = self._real_objects()
        self.bad_auth = self._bad_auth()

    # ---- users and the objects they own ------------------------------------------------

    def sign_up(self, prefix: str) -> SignedUpUser:
        handle = unique_handle(prefix)
        self.identity.Register(
            I.RegisterRequest(handle=handle, email=f"{handle}@example.org", password=PASSWORD), timeout=CALL_TIMEOUT
        )
        return self.log_in(handle)

    def log_in(self, handle: str) -> SignedUpUser:
        login = self.identity.Login(I.LoginRequest(login=handle, password=PASSWORD), timeout=CALL_TIMEOUT)
        return SignedUpUser(login.user.user_id, handle, PASSWORD, login.access_token, login.refresh_token)

    def _real_objects(self) -> dict[str, list[str]]:
        """Objects owned by someone else than the callers (and one post of each caller's own)."""
        owner = self.owner.auth
        content = content_pb2_grpc.ContentServiceStub(self.channel)
        communities = communities_pb2_grpc.CommunitiesServiceStub(self.channel)
        kw = {"metadata": owner, "timeout": CALL_TIMEOUT}
        slug = f"fz-{uuid.uuid4().hex[:12]}"
        public = communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=slug, name="Fuzz target", description="aimed at", purpose="fuzzing", topics=["fuzz"]
            ),
            **kw,
        ).community
        private = communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"{slug}-p", name="Fuzz private", purpose="fuzzing", visibility=C.VISIBILITY_PRIVATE
            ),
            **kw,
        ).community
        start = timestamp_pb2.Timestamp(seconds=int(time.time()) + 86_400)
        event = communities.CreateEvent(
            C.CreateEventRequest(
                community_id=public.community_id,
                title="Fuzz meetup",
                starts_at=start,
                ends_at=timestamp_pb2.Timestamp(seconds=start.seconds + 3600),
                time_zone="UTC",
                online_url="https://example.org/meet",
                capacity=2,
            ),
            **kw,
        ).event
        invite = communities.CreateInviteLink(C.CreateInviteLinkRequest(community_id=private.community_id), **kw)
        post = content.CreatePost(P.CreatePostRequest(text=f"fuzz target #fuzz @{self.callers[0].handle}"), **kw).post
        in_community = content.CreatePost(
            P.CreatePostRequest(text="community target #fuzz", community_id=public.community_id), **kw
        ).post
        comment = content.AddComment(P.AddCommentRequest(post_id=post.post_id, text="a comment"), **kw).comment
        reply = content.AddComment(
            P.AddCommentRequest(post_id=post.post_id, parent_comment_id=comment.comment_id, text="a reply"), **kw
        ).comment
        own_posts = [
            content.CreatePost(
                P.CreatePostRequest(text="mine #fuzz"), metadata=c.auth, timeout=CALL_TIMEOUT
            ).post.post_id
            for c in self.callers[:2]
        ]
        return {
            "users": [self.owner.user_id, self.callers[0].user_id],
            "posts": [post.post_id, in_community.post_id, *own_posts],
            "comments": [comment.comment_id, reply.comment_id],
            "communities": [public.community_id, private.community_id],
            "events": [event.event_id],
            "invites": [invite.token],
            "slugs": [public.slug, private.slug],
            "logins": [self.owner.handle, f"{self.owner.handle}@example.org"],
            "refresh_tokens": [self.owner.refresh_token],
            "hashtags": ["fuzz", "#fuzz"],
        }

    def _bad_auth(self) -> list[tuple[tuple[str, str], ...]]:
        """No token, garbage, tampered, expired, unknown-key and ended-session tokens."""
        now = int(time.time())
        kid = jwt.get_unverified_header(self.owner.access_token)["kid"]
        claims = {
            "sub": self.owner.user_id,
            "sid": "",
            "iss": "kith-identity",
            "aud": "kith",
            "iat": now - 900,
            "exp": now - 600,
        }
        try:
            from kith_identity.adapters.crypto import load_signing_keys

            signing, _ = load_signing_keys(str(JWT_KEYS))
        except Exception:  # noqa: BLE001 - without the key an expired token signed by another does as well
            signing = Ed25519PrivateKey.generate()
        header, payload, signature = self.owner.access_token.split(".")
        ended = self.sign_up("fzgone")
        identity_pb2_grpc.IdentityServiceStub(self.channel).Logout(
            I.LogoutRequest(), metadata=ended.auth, timeout=CALL_TIMEOUT
        )
        tokens = [
            jwt.encode(claims, signing, algorithm="EdDSA", headers={"kid": kid}),  # expired
            jwt.encode(
                {**claims, "exp": now + 300}, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": kid}
            ),  # wrong key
            jwt.encode(
                {**claims, "exp": now + 300},
                Ed25519PrivateKey.generate(),
                algorithm="EdDSA",
                headers={"kid": "x" * 200},
            ),  # unknown key id
            _b64(b'{"alg":"none","typ":"JWT"}') + "." + _b64(json.dumps({**claims, "exp": now + 300}).encode()) + ".",
            f"{header}.{_b64(json.dumps({**claims, 'sub': self.callers[1].user_id}).encode())}.{signature}",
            ended.access_token,
            "garbage",
            "a.b.c",
            "...",
            "A" * 4000,
        ]
        return [
            (),
            (("authorization", ""),),
            (("authorization", "Bearer"),),
            (("authorization", "Bearer  "),),
            (("authorization", "Basic ZnV6ejpmdXp6"),),
            (("authorization", tokens[0]),),
            (("x-kith-user-id", self.owner.user_id),),
            *((("authorization", f"Bearer {t}"),) for t in tokens),
        ]

    # ---- strategies from descriptors ----------------------------------------------------

    def requests(self, descriptor: Descriptor, depth: int = 0, small: bool = False) -> st.SearchStrategy:
        key = (descriptor.full_name, depth, small)
        if key not in self._strategies:
            cls = message_factory.GetMessageClass(descriptor)
            fields = {
                f.name: st.one_of(st.none(), self._field(f, depth, small))
                for f in descriptor.fields
                if depth < 3 or f.type != FieldDescriptor.TYPE_MESSAGE
            }
            built = st.fixed_dictionaries(fields).map(
                lambda values: cls(**{k: v for k, v in values.items() if v is not None})
            )
            if descriptor.full_name == "google.protobuf.Timestamp":  # also plausible times, to get further
                now, years = int(time.time()), 10 * 365 * 86_400
                built = st.one_of(built, st.integers(now - years, now + years).map(lambda s: cls(seconds=s)))
            if descriptor.full_name == "google.protobuf.Duration":
                built = st.one_of(built, st.integers(0, 40 * 86_400).map(lambda s: cls(seconds=s)))
            self._strategies[key] = built
        return self._strategies[key]

    def _field(self, f: FieldDescriptor, depth: int, small: bool) -> st.SearchStrategy:
        if f.type == FieldDescriptor.TYPE_MESSAGE and f.message_type.GetOptions().map_entry:
            key_f, value_f = f.message_type.fields_by_name["key"], f.message_type.fields_by_name["value"]
            return st.dictionaries(
                self._single(key_f, depth + 1, True), self._single(value_f, depth + 1, True), max_size=20
            )
        one = self._single(f, depth, small)
        if not f.is_repeated:
            return one
        cheap = self._single(f, depth, True)
        many = st.tuples(st.lists(cheap, min_size=1, max_size=4), st.integers(100, 3000)).map(
            lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]]
        )
        return st.one_of(st.lists(one, max_size=4), many)

    def _single(self, f: FieldDescriptor, depth: int, small: bool) -> st.SearchStrategy:
        t = f.type
        if t == FieldDescriptor.TYPE_MESSAGE:
            return self.requests(f.message_type, depth + 1, small)
        if t == FieldDescriptor.TYPE_STRING:
            return self._string(f.name, small)
        if t == FieldDescriptor.TYPE_BYTES:
            return st.binary(max_size=64 if small else 2000)
        if t == FieldDescriptor.TYPE_BOOL:
            return st.booleans()
        if t == FieldDescriptor.TYPE_ENUM:
            return st.one_of(
                st.sampled_from([v.number for v in f.enum_type.values]),
                st.sampled_from([-1, -(2**31), 2**31 - 1, 99]),
                st.integers(-10, 100),
            )
        if t in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
            return st.floats(width=32 if t == FieldDescriptor.TYPE_FLOAT else 64)
        low, high = INT_RANGES[t]
        if f.name in ("page_size", "limit", "days", "capacity", "max_uses"):
            return SIZES.filter(lambda n: low <= n <= high)
        edges = sorted({n for n in (0, 1, -1, 2, 7, 100, 10**6, low, high, low + 1, high - 1) if low <= n <= high})
        return st.one_of(st.sampled_from(edges), st.integers(low, high))

    def _string(self, name: str, small: bool) -> st.SearchStrategy:
        hostile = [s for s in HOSTILE_STRINGS if len(s) <= 300] if small else HOSTILE_STRINGS
        options = [st.sampled_from(hostile), st.text(max_size=20 if small else 60)]
        if not small:
            options.append(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
        if name in ("cursor", "page_token") or name.endswith("_cursor"):
            options.append(CURSORS)
        kind = {
            "user_id": "users",
            "target_id": "users",
            "post_id": "posts",
            "comment_id": "comments",
            "parent_comment_id": "comments",
            "community_id": "communities",
            "parent_id": "communities",
            "event_id": "events",
            "token": "invites",
            "slug": "slugs",
            "login": "logins",
            "handle": "logins",
            "refresh_token": "refresh_tokens",
            "hashtag": "hashtags",
        }.get(name)
        if kind or name.endswith(("_id", "_ids")):
            real = (
                self.real[kind]
                if kind
                else [i for k in ("users", "posts", "comments", "communities", "events") for i in self.real[k]]
            )
            options += [st.sampled_from(real), st.uuids().map(str), st.sampled_from(MALFORMED_IDS)] * 2
        return st.one_of(options)

    def raw_bodies(self, descriptor: Descriptor) -> st.SearchStrategy:
        numbers = sorted({f.number for f in descriptor.fields} | {1, 2, 3})
        mutated = st.tuples(
            self.requests(descriptor).map(lambda m: m.SerializeToString()),
            st.integers(0, 3),
            st.integers(0, 10_000),
            st.binary(min_size=1, max_size=12),
        ).map(_mutate)
        wrong_wire = st.tuples(
            st.sampled_from(numbers), st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7]), st.binary(max_size=16)
        ).map(lambda t: _varint(t[0] << 3 | t[1]) + t[2])
        return st.one_of(st.sampled_from(JUNK_BODIES), st.binary(max_size=64), mutated, wrong_wire)

    def example(self, method: str, data) -> None:
        """One example: a generated request signed in (hostile metadata beside the token), the
        same with bad authentication, and a raw body."""
        descriptor = _input_type(method)
        request = data.draw(self.requests(descriptor), label="request")
        extra = data.draw(st.sampled_from(self.extra_metadata()), label="metadata beside the token")
        self.check(method, "signed in", request.SerializeToString(), shown=request, extra=extra)
        bad_auth = data.draw(st.sampled_from(self.bad_auth), label="metadata")
        self.check(method, "anonymous", request.SerializeToString(), metadata=bad_auth, shown=request)
        self.check(method, "raw bytes", data.draw(self.raw_bodies(descriptor), label="raw body"))

    # ---- calls ---------------------------------------------------------------------------

    def call(self, method: str, body: bytes, metadata) -> tuple[grpc.StatusCode, str, list[bytes] | None, float]:
        """The status and the responses (one for a unary RPC; a server-streaming one is read to its end)."""
        streaming = ROUTES[method].server_streaming
        rpc = self._rpcs.setdefault(
            method, self.channel.unary_stream(method) if streaming else self.channel.unary_unary(method)
        )
        started = time.monotonic()
        for attempt in range(6):
            try:
                answer = rpc(body, metadata=metadata, timeout=CALL_TIMEOUT)
                if ROUTES[method].long_lived:  # a live stream never ends: its first message answers
                    first = next(answer, None)
                    answer.cancel()
                    return grpc.StatusCode.OK, "", [] if first is None else [first], 0.0
                return grpc.StatusCode.OK, "", list(answer) if streaming else [answer], 0.0
            except grpc.RpcError as exc:
                wait_ms = int(dict(exc.trailing_metadata() or ()).get("retry-after-ms", "0"))
                # The per-user bucket: wait as a good client does. A long wait (the per-account
                # log-in bucket, when a fuzzed Login names a real account) is an answer like any other.
                if exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED and 0 < wait_ms <= 2000 and attempt < 5:
                    self.stats.throttled += 1
                    time.sleep(wait_ms / 1000)
                    continue
                return exc.code(), exc.details() or "", None, time.monotonic() - started
        raise AssertionError("unreachable")

    def extra_metadata(self) -> list[tuple[tuple[str, str], ...]]:
        """Hostile metadata sent beside a valid token: forged internal headers, odd request ids
        and trace contexts, a second (garbage) token."""
        return [
            (),
            (("x-kith-user-id", self.owner.user_id), ("x-kith-session-id", "' OR 1=1 --")),
            (("x-request-id", "r" * 6000),),
            (("x-request-id", "' OR 1=1 --"),),
            (("traceparent", "00-zzzz-zzzz-01"),),
            (("traceparent", f"00-{'0' * 32}-{'0' * 16}-01"),),
            (("traceparent", f"ff-{'a' * 32}-{'b' * 16}-ff-more"), ("tracestate", "a=" + "b" * 4000)),
            (("x-forwarded-for", "1.2.3.4, not an address"),),
            (("authorization", "Bearer garbage"),),
        ]

    def as_caller(self, method: str, body: bytes, extra=()):
        """Call as one of the signed-up users (in turn); when the call is refused because an earlier
        fuzzed Logout or LogoutEverywhere ended that user's session, log in again and call again."""
        index = next(self._next)
        result = self.call(method, body, self.callers[index].auth + extra)
        if result[0] == grpc.StatusCode.UNAUTHENTICATED and not self._alive(self.callers[index]):
            self.stats.sessions_replaced += 1
            self.callers[index] = self._replacement(self.callers[index])
            result = self.call(method, body, self.callers[index].auth + extra)
        return result

    def _alive(self, caller: SignedUpUser) -> bool:
        code, *_ = self.call(
            "/kith.feed.v1.NotificationsService/GetUnreadCount",
            feed_pb2.GetUnreadCountRequest().SerializeToString(),
            caller.auth,
        )
        return code != grpc.StatusCode.UNAUTHENTICATED

    def _replacement(self, caller: SignedUpUser) -> SignedUpUser:
        try:
            return self.log_in(caller.handle)
        except grpc.RpcError:  # that account's log-in bucket is empty: a new account then
            return self.sign_up("fz")

    def check(self, method: str, kind: str, body: bytes, metadata=None, shown=None, extra=()) -> None:
        if metadata is None:
            code, details, response, elapsed = self.as_caller(method, body, extra)
        else:
            code, details, response, elapsed = self.call(method, body, metadata)
        self.stats.codes[kind][code.name] += 1
        self.stats.called[method] += 1
        if code not in AT_THE_EDGE or (code == grpc.StatusCode.UNAUTHENTICATED and ROUTES[method].anonymous):
            self.stats.reached[method] += 1
        request = repr(shown if shown is not None else body)
        assert code not in FORBIDDEN, (
            f"{method} ({kind} call) answered {code.name} after {elapsed:.1f}s: {details!r}\n"
            f"request: {request[:2000]}{' ...' if len(request) > 2000 else ''}\n"
            f"metadata: {'a valid token and ' if metadata is None else ''}{metadata or extra!r}"
        )
        if response is not None:  # what came back is the declared response message (each one of a stream)
            output = POOL.FindMethodByName(method[1:].replace("/", ".")).output_type
            for message in response:
                message_factory.GetMessageClass(output).FromString(message)


def service_pids() -> dict[str, int | None]:
    return {name: supervised_pid(f"services:{name}") for name in PROGRAMS}


@pytest.fixture(scope="module")
def pids_before(platform_up) -> dict[str, int | None]:
    return service_pids()


@pytest.fixture(scope="module")
def fuzzer(pids_before):
    with grpc.insecure_channel(GATEWAY) as channel:
        yield Fuzzer(channel)


def _input_type(method: str) -> Descriptor:
    return POOL.FindMethodByName(method[1:].replace("/", ".")).input_type


def test_every_rpc_the_gateway_serves_is_fuzzed(platform_up, pids_before):
    services = {method[1:].rsplit("/", 1)[0] for method in METHODS}
    # Not an empty list by accident: every public service of every backend, each with its RPCs.
    assert len(services) >= 8 and len(METHODS) >= 8 * 3, METHODS
    with grpc.insecure_channel(GATEWAY) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        responses = stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=CALL_TIMEOUT
        )
        listed = {s.name for r in responses for s in r.list_services_response.service}
    listed -= {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}
    assert listed == services
    served = {f"/{name}/{m.name}" for name in listed for m in POOL.FindServiceByName(name).methods}
    assert served == set(METHODS)


@pytest.mark.parametrize("method", METHODS)
@FUZZ
@given(data=st.data())
def test_public_rpc_never_fails_internally_on_hostile_input(fuzzer, method, data):
    fuzzer.example(method, data)


def test_every_service_is_still_serving_and_none_restarted(fuzzer, pids_before):
    stats = fuzzer.stats
    signed_in = stats.codes["signed in"]
    print(
        f"\nfuzzed {len(METHODS)} RPCs x {EXAMPLES} examples: {stats.total()} calls in "
        f"{time.monotonic() - stats.started:.0f}s; {stats.throttled} rate-limited and retried, "
        f"{stats.sessions_replaced} sessions replaced"
    )
    for kind, codes in sorted(stats.codes.items()):
        print(f"  {kind}: {dict(codes.most_common())}")
    if signed_in:  # when the fuzz tests ran (not deselected)
        # The fuzzing tested the services, not the rate limiter or the token check: most signed-in
        # calls got past the gateway, and every RPC was reached at least once.
        past = sum(n for code, n in signed_in.items() if code not in {c.name for c in AT_THE_EDGE})
        assert past >= 0.8 * sum(signed_in.values()), dict(signed_in)
        assert stats.throttled <= 0.05 * stats.total(), stats.throttled
        assert not [m for m in stats.called if not stats.reached[m]]
    assert_serving_and_none_restarted(pids_before)


def assert_serving_and_none_restarted(pids_before: dict[str, int | None]) -> None:
    for name, address in SERVICE_ADDRESSES.items():
        with grpc.insecure_channel(address) as channel:
            health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert health.status == health_pb2.HealthCheckResponse.SERVING, name
    assert service_pids() == pids_before, "a service restarted during the fuzzing (see .kith/logs)"
