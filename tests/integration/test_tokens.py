"""Access tokens at the gateway: forged, expired and unknown-key tokens fail; rotation keeps old ones."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime

import grpc
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kith.feed.v1 import feed_pb2
from kith.identity.v1 import identity_pb2
from kith_identity.adapters.crypto import load_signing_keys
from kith_platform.healthcheck import wait_serving
from kith_platform.testing import wait_until
from tests.integration.conftest import kithctl
from tests.integration.endpoints import JWT_KEYS, SERVICE_ADDRESSES


def _mint(key: Ed25519PrivateKey, kid: str, sub: str, **overrides) -> str:
    now = int(time.time())
    claims = {"sub": sub, "sid": "", "iss": "kith-identity", "aud": "kith", "iat": now, "exp": now + 300}
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})


def _kid(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


async def _feed_status(api, token: str) -> grpc.StatusCode:
    try:
        await api.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest(), metadata=(("authorization", f"Bearer {token}"),))
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


async def test_tampered_expired_and_wrong_key_tokens_are_rejected(api):
    user = await api.sign_up("tokens")
    victim = await api.sign_up("victim")
    assert await _feed_status(api, user.access_token) == grpc.StatusCode.OK
    kid = _kid(user.access_token)
    signing, _ = load_signing_keys(str(JWT_KEYS))

    header, payload, signature = user.access_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = victim.user_id  # claim to be someone else, keep the signature
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    rejected = {
        "tampered": f"{header}.{forged_payload}.{signature}",
        "expired": _mint(signing, kid, user.user_id, iat=int(time.time()) - 900, exp=int(time.time()) - 600),
        "wrong key": _mint(Ed25519PrivateKey.generate(), kid, user.user_id),
        "unknown key id": _mint(Ed25519PrivateKey.generate(), "not-a-known-kid", user.user_id),
        "wrong audience": _mint(signing, kid, user.user_id, aud="someone-else"),
        "wrong issuer": _mint(signing, kid, user.user_id, iss="someone-else"),
        "not a jwt": "abc.def.ghi",
    }
    for what, token in rejected.items():
        assert await _feed_status(api, token) == grpc.StatusCode.UNAUTHENTICATED, what
    # The real key and kid, properly signed, are accepted: the checks above are about the token.
    assert await _feed_status(api, _mint(signing, kid, user.user_id)) == grpc.StatusCode.OK


async def test_key_rotation_keeps_tokens_of_the_old_key_valid(api):
    user = await api.sign_up("rotation")
    old_token = user.access_token
    old_kid = _kid(old_token)

    # Rotate: a new key becomes current; the old one stays published until its tokens expire.
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + ".pem"
    new_key = Ed25519PrivateKey.generate()
    (JWT_KEYS / name).write_bytes(
        new_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (JWT_KEYS / name).chmod(0o600)
    (JWT_KEYS / "current").write_text(name + "\n")
    kithctl("ctl", "restart", "services:identity")
    address = SERVICE_ADDRESSES["identity"]
    assert (await wait_serving([address], 60))[address] == "SERVING"

    login = await api.identity.Login(identity_pb2.LoginRequest(login=user.handle, password=user.password))
    assert _kid(login.access_token) != old_kid

    async def new_token_accepted():
        return await _feed_status(api, login.access_token) == grpc.StatusCode.OK

    # The gateway fetches the new key the first time it sees its id (at most every 10 s).
    await wait_until(new_token_accepted, timeout=20, interval=1, what="the gateway to learn the new key")
    assert await _feed_status(api, old_token) == grpc.StatusCode.OK
