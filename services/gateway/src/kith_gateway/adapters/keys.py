"""The public keys identity publishes (IdentityInternalService/GetPublicKeys), by key id."""

from __future__ import annotations

import grpc
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_gateway.domain.ports import PublicKeys
from kith_platform.errors import Unavailable


class IdentityPublicKeys(PublicKeys):
    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.stub = identity_pb2_grpc.IdentityInternalServiceStub(channel)

    async def fetch(self):
        try:
            response = await self.stub.GetPublicKeys(identity_pb2.GetPublicKeysRequest(), timeout=3)
        except grpc.aio.AioRpcError as exc:
            raise Unavailable(f"cannot fetch token keys from identity: {exc.code().name}") from None
        return {k.key_id: load_pem_public_key(k.public_key_pem.encode()) for k in response.keys}
