"""gRPC servicers of the identity service: translate messages to commands and back."""

from __future__ import annotations

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_identity.domain.accounts import Account
from kith_identity.service_layer.handlers import IdentityHandlers, LogIn, RegisterUser
from kith_platform.auth import caller_id, caller_session_id
from kith_platform.events import timestamp


def user_message(account: Account) -> identity_pb2.User:
    return identity_pb2.User(
        user_id=account.user_id,
        handle=account.handle,
        display_name=account.display_name,
        created_at=timestamp(account.created_at),
    )


class IdentityServicer(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, handlers: IdentityHandlers) -> None:
        self.handlers = handlers

    async def Register(self, request, context):
        account = await self.handlers.register(
            RegisterUser(request.handle, request.email, request.password, request.display_name)
        )
        return identity_pb2.RegisterResponse(user=user_message(account))

    async def Login(self, request, context):
        session = await self.handlers.log_in(LogIn(request.login, request.password))
        return identity_pb2.LoginResponse(
            access_token=session.access.token,
            access_token_expires_at=timestamp(session.access.expires_at),
            refresh_token=session.refresh_token,
            user=user_message(session.account),
        )

    async def Refresh(self, request, context):
        tokens = await self.handlers.refresh(request.refresh_token)
        return identity_pb2.RefreshResponse(
            access_token=tokens.access.token,
            access_token_expires_at=timestamp(tokens.access.expires_at),
            refresh_token=tokens.refresh_token,
        )

    async def Logout(self, request, context):
        await self.handlers.log_out(caller_id(context), caller_session_id(context))
        return identity_pb2.LogoutResponse()

    async def LogoutEverywhere(self, request, context):
        ended = await self.handlers.log_out_everywhere(caller_id(context))
        return identity_pb2.LogoutEverywhereResponse(sessions_ended=ended)

    async def ChangePassword(self, request, context):
        ended = await self.handlers.change_password(
            caller_id(context), caller_session_id(context), request.current_password, request.new_password
        )
        return identity_pb2.ChangePasswordResponse(other_sessions_ended=ended)

    async def DeactivateAccount(self, request, context):
        await self.handlers.deactivate(caller_id(context), request.password)
        return identity_pb2.DeactivateAccountResponse()

    async def ReactivateAccount(self, request, context):
        session = await self.handlers.reactivate(LogIn(request.login, request.password))
        return identity_pb2.ReactivateAccountResponse(
            access_token=session.access.token,
            access_token_expires_at=timestamp(session.access.expires_at),
            refresh_token=session.refresh_token,
            user=user_message(session.account),
        )


class IdentityInternalServicer(identity_pb2_grpc.IdentityInternalServiceServicer):
    def __init__(self, handlers: IdentityHandlers) -> None:
        self.handlers = handlers

    async def GetPublicKeys(self, request, context):
        return identity_pb2.GetPublicKeysResponse(
            keys=[
                identity_pb2.PublicKey(key_id=k.key_id, algorithm=k.algorithm, public_key_pem=k.public_key_pem)
                for k in self.handlers.public_keys()
            ]
        )

    async def GetUser(self, request, context):
        return identity_pb2.GetUserResponse(user=user_message(await self.handlers.get_user(request.user_id)))
