"""Access tokens: the bearer token of a call, and what makes one valid (EdDSA, signed by a key
identity publishes, for our issuer and audience, unexpired, naming a user)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import jwt

from kith_platform.errors import Unauthenticated

if TYPE_CHECKING:
    from jwt.algorithms import AllowedPublicKeys


def bearer_token(authorization: str) -> str:
    """The token of an `authorization: Bearer <token>` header, or UNAUTHENTICATED."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("missing bearer access token")
    return token.strip()


def signing_key_id(token: str) -> str:
    """The id of the key a token says it is signed with (not checked yet), or UNAUTHENTICATED."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise Unauthenticated("malformed access token") from None
    if header.get("alg") != "EdDSA" or not header.get("kid"):
        raise Unauthenticated("access token has an unsupported signature")
    return header["kid"]


def verified_claims(token: str, key: AllowedPublicKeys, issuer: str, audience: str) -> tuple[str, str, float]:
    """(user id, session id, expiry as Unix time) of a token the key signed, or UNAUTHENTICATED."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=["EdDSA"],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iat", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("access token expired") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated("invalid access token") from None
    return str(claims["sub"]), str(claims.get("sid", "")), float(claims["exp"])
