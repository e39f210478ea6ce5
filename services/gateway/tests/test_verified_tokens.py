"""Access tokens without identity (the service layer on a fake key set): a verified token is
remembered until it expires or the key that signed it is no longer published; keys identity
has not published yet are fetched at most every so often; a key set too old is fetched again,
and kept while identity cannot be asked."""

from __future__ import annotations

import asyncio
import time

import grpc
import jwt
import pytest

from kith_gateway.domain import tokens as token_rules
from kith_gateway.service_layer.tokens import AccessTokens
from kith_platform.errors import Unauthenticated, Unavailable
from services.gateway.tests.fakes import AUDIENCE, ISSUER, FakeIdentityKeys


def _tokens(identity: FakeIdentityKeys, *, min_refresh_interval: float = 30.0, max_age: float = 300.0) -> AccessTokens:
    return AccessTokens(
        identity, issuer=ISSUER, audience=AUDIENCE, min_refresh_interval=min_refresh_interval, max_age=max_age
    )


async def test_a_verified_token_is_not_verified_again_until_it_expires(monkeypatch):
    identity = FakeIdentityKeys()
    tokens, token = _tokens(identity), identity.token(exp=int(time.time()) + 1)
    assert await tokens.verify(token) == ("user-1", "session-1")

    def no_more_signature_checks(*args, **kwargs):
        raise AssertionError("verified the same token twice")

    monkeypatch.setattr(token_rules.jwt, "decode", no_more_signature_checks)
    assert await tokens.verify(token) == ("user-1", "session-1")
    monkeypatch.undo()

    await asyncio.sleep(max(0.0, jwt.decode(token, options={"verify_signature": False})["exp"] - time.time()) + 0.05)
    with pytest.raises(Unauthenticated, match="expired"):
        await tokens.verify(token)


async def test_a_remembered_token_stops_working_when_its_key_is_withdrawn():
    identity = FakeIdentityKeys("k1", "k2")
    identity.published = {"k1"}
    tokens, token = _tokens(identity, min_refresh_interval=0.0), identity.token(key_id="k1")
    await tokens.verify(token)
    identity.published = {"k2"}  # identity rotated k1 out
    await tokens.verify(identity.token(key_id="k2"))  # a key not seen yet: the key set is fetched again
    with pytest.raises(Unauthenticated, match="unknown key"):
        await tokens.verify(token)


async def test_a_tampered_copy_of_a_remembered_token_is_verified_on_its_own():
    identity = FakeIdentityKeys()
    tokens, token = _tokens(identity), identity.token()
    await tokens.verify(token)
    header, payload, signature = token.split(".")
    forged = ".".join((header, payload, signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")))
    with pytest.raises(Unauthenticated):
        await tokens.verify(forged)


async def test_an_unknown_key_id_fetches_the_keys_at_most_every_refresh_interval():
    identity = FakeIdentityKeys("k1", "k2")
    identity.published = {"k1"}
    tokens = _tokens(identity, min_refresh_interval=30.0)
    await tokens.verify(identity.token(key_id="k1"))
    assert identity.fetches == 1
    identity.published = {"k1", "k2"}  # a new key, published just after the first fetch
    for _ in range(3):
        with pytest.raises(Unauthenticated, match="unknown key"):
            await tokens.verify(identity.token(key_id="k2"))
    assert identity.fetches == 1
    tokens._fetched_at -= 30.0  # the interval has passed
    assert await tokens.verify(identity.token("bo", key_id="k2")) == ("bo", "session-1")
    assert identity.fetches == 2


async def test_an_old_key_set_is_fetched_again_and_kept_while_identity_cannot_be_asked():
    identity = FakeIdentityKeys()
    tokens = _tokens(identity, max_age=300.0)
    token = identity.token()
    await tokens.verify(token)
    tokens._fetched_at -= 300.0
    identity.down = True
    assert await tokens.verify(token) == ("user-1", "session-1")  # verified again with the cached key
    assert identity.fetches == 2


async def test_without_identity_a_first_key_set_is_unavailable():
    identity = FakeIdentityKeys()
    identity.down = True
    with pytest.raises(Unavailable) as refused:
        await _tokens(identity).verify(identity.token())
    assert refused.value.code == grpc.StatusCode.UNAVAILABLE
