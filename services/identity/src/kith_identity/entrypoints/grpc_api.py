"""gRPC servicers of the identity service: translate messages to commands and back."""

from __future__ import annotations

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_identity.adapters.profile_topic import VISIBILITY_TO_PROTO, profile_message
from kith_identity.domain.accounts import Account, ImportOutcome
from kith_identity.domain.profiles import Visibility
from kith_identity.entrypoints.export_api import DataExportRpcs
from kith_identity.entrypoints.privacy_api import PrivacyRpcs
from kith_identity.entrypoints.security_api import AccountSecurityRpcs, client_of
from kith_identity.entrypoints.trust_safety_api import ROLES as STAFF_ROLES
from kith_identity.service_layer.exports import DataExportHandlers
from kith_identity.service_layer.handlers import (
    IdentityHandlers,
    ImportAccount,
    LogIn,
    RegisterUser,
    SecondFactorChallenge,
    Session,
)
from kith_identity.service_layer.profiles import ProfileHandlers
from kith_identity.service_layer.trust_safety import TrustSafetyHandlers
from kith_platform.auth import caller_id, caller_session_id, revocation_trailer
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp


def user_message(account: Account) -> identity_pb2.User:
    return identity_pb2.User(
        user_id=account.user_id,
        handle=account.handle,
        display_name=account.display_name,
        created_at=timestamp(account.created_at),
    )


VISIBILITY_FROM_PROTO = {v: k for k, v in VISIBILITY_TO_PROTO.items()}
IMPORT_OUTCOMES = {
    ImportOutcome.CREATED: identity_pb2.IMPORT_ACCOUNT_OUTCOME_CREATED,
    ImportOutcome.ALREADY_EXISTED: identity_pb2.IMPORT_ACCOUNT_OUTCOME_ALREADY_EXISTED,
    ImportOutcome.INVALID: identity_pb2.IMPORT_ACCOUNT_OUTCOME_INVALID,
}


def _optional(request, field: str) -> str | None:
    return getattr(request, field) if request.HasField(field) else None


def _visibility(value: int) -> Visibility | None:
    if value == identity_pb2.PROFILE_VISIBILITY_UNSPECIFIED:
        return None
    if value not in VISIBILITY_FROM_PROTO:
        raise InvalidArgument("visibility", f"unsupported value {value}")
    return VISIBILITY_FROM_PROTO[value]


def login_message(outcome: Session | SecondFactorChallenge) -> identity_pb2.LoginResponse:
    if isinstance(outcome, SecondFactorChallenge):
        return identity_pb2.LoginResponse(
            user=user_message(outcome.account),
            second_factor_required=True,
            challenge_token=outcome.token,
            challenge_expires_at=timestamp(outcome.expires_at),
        )
    return identity_pb2.LoginResponse(
        access_token=outcome.access.token,
        access_token_expires_at=timestamp(outcome.access.expires_at),
        refresh_token=outcome.refresh_token,
        user=user_message(outcome.account),
    )


class IdentityServicer(DataExportRpcs, AccountSecurityRpcs, PrivacyRpcs, identity_pb2_grpc.IdentityServiceServicer):
    def __init__(
        self,
        handlers: IdentityHandlers,
        profiles: ProfileHandlers,
        exports: DataExportHandlers | None = None,
    ) -> None:
        self.handlers = handlers
        self.profiles = profiles
        self.exports = exports  # the data export RPCs (entrypoints/export_api.py)
        self.security = handlers.security  # the account security RPCs (security_api.py)
        self.privacy = handlers.privacy  # the privacy RPCs (privacy_api.py)

    async def GetProfile(self, request, context):
        profile = await self.profiles.get_profile(caller_id(context), request.user_id)
        return identity_pb2.GetProfileResponse(profile=profile_message(profile))

    async def UpdateProfile(self, request, context):
        profile = await self.profiles.update_profile(
            caller_id(context),
            display_name=_optional(request, "display_name"),
            bio=_optional(request, "bio"),
            avatar_url=_optional(request, "avatar_url"),
            location=_optional(request, "location"),
            language=_optional(request, "language"),
            interests=list(request.interests.topics) if request.HasField("interests") else None,
            visibility=_visibility(request.visibility),
        )
        return identity_pb2.UpdateProfileResponse(profile=profile_message(profile))

    async def SearchPeople(self, request, context):
        people, cursor = await self.profiles.search(
            caller_id(context), request.query, request.page_size, request.cursor
        )
        return identity_pb2.SearchPeopleResponse(people=[profile_message(p) for p in people], next_cursor=cursor)

    async def Register(self, request, context):
        account = await self.handlers.register(
            RegisterUser(request.handle, request.email, request.password, request.display_name)
        )
        return identity_pb2.RegisterResponse(user=user_message(account))

    async def Login(self, request, context):
        return login_message(await self.handlers.log_in(LogIn(request.login, request.password, client_of(context))))

    async def CompleteLogin(self, request, context):
        session = await self.handlers.complete_log_in(request.challenge_token, request.code)
        return identity_pb2.CompleteLoginResponse(
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

    @revocation_trailer
    async def Logout(self, request, context):
        await self.handlers.log_out(caller_id(context), caller_session_id(context))
        return identity_pb2.LogoutResponse()

    @revocation_trailer
    async def LogoutEverywhere(self, request, context):
        ended = await self.handlers.log_out_everywhere(caller_id(context))
        return identity_pb2.LogoutEverywhereResponse(sessions_ended=ended)

    @revocation_trailer
    async def ChangePassword(self, request, context):
        ended = await self.handlers.change_password(
            caller_id(context), caller_session_id(context), request.current_password, request.new_password
        )
        return identity_pb2.ChangePasswordResponse(other_sessions_ended=ended)

    @revocation_trailer
    async def DeactivateAccount(self, request, context):
        await self.handlers.deactivate(caller_id(context), request.password)
        return identity_pb2.DeactivateAccountResponse()

    @revocation_trailer
    async def DeleteAccount(self, request, context):
        erase_after = await self.handlers.delete_account(caller_id(context), request.password)
        return identity_pb2.DeleteAccountResponse(erase_after=timestamp(erase_after))

    async def ReactivateAccount(self, request, context):
        session = await self.handlers.reactivate(
            LogIn(request.login, request.password, client_of(context), request.second_factor_code)
        )
        return identity_pb2.ReactivateAccountResponse(
            access_token=session.access.token,
            access_token_expires_at=timestamp(session.access.expires_at),
            refresh_token=session.refresh_token,
            user=user_message(session.account),
        )


class IdentityInternalServicer(identity_pb2_grpc.IdentityInternalServiceServicer):
    def __init__(
        self, handlers: IdentityHandlers, profiles: ProfileHandlers, safety: TrustSafetyHandlers | None = None
    ) -> None:
        self.handlers = handlers
        self.profiles = profiles
        self.safety = safety

    async def GrantStaffRole(self, request, context):
        if request.role not in STAFF_ROLES:
            raise InvalidArgument("role", f"unsupported value {request.role}")
        if not request.handle.strip():
            raise InvalidArgument("handle", "is required")
        assert self.safety is not None
        return identity_pb2.GrantStaffRoleResponse(
            user_id=await self.safety.grant(request.handle, STAFF_ROLES[request.role])
        )

    async def BatchGetProfiles(self, request, context):
        cards = await self.profiles.batch_cards(list(request.user_ids))
        return identity_pb2.BatchGetProfilesResponse(profiles=[profile_message(p) for p in cards])

    async def ResolveHandles(self, request, context):
        author = request.mentioned_by
        user_ids = await self.profiles.resolve_handles(list(request.handles), author or request.viewer_id)
        if author:  # only those the author may mention
            allowed = await self.handlers.privacy.mentionable(author, list(user_ids.values()))
            user_ids = {handle: user for handle, user in user_ids.items() if user in allowed}
        return identity_pb2.ResolveHandlesResponse(user_ids=user_ids)

    async def GetPublicKeys(self, request, context):
        return identity_pb2.GetPublicKeysResponse(
            keys=[
                identity_pb2.PublicKey(key_id=k.key_id, algorithm=k.algorithm, public_key_pem=k.public_key_pem)
                for k in self.handlers.public_keys()
            ]
        )

    async def GetUser(self, request, context):
        return identity_pb2.GetUserResponse(user=user_message(await self.handlers.get_user(request.user_id)))

    async def EraseAccountNow(self, request, context):
        return identity_pb2.EraseAccountNowResponse(erased=await self.handlers.erase_now(request.user_id))

    async def ImportAccounts(self, request, context):
        results = await self.handlers.import_accounts(
            [ImportAccount(a.handle, a.email, a.display_name, a.password_hash) for a in request.accounts]
        )
        return identity_pb2.ImportAccountsResponse(
            results=[
                identity_pb2.ImportAccountResult(
                    outcome=IMPORT_OUTCOMES[r.outcome],
                    user_id=r.user_id,
                    reason=r.reason,
                    same_password_hash=r.same_password_hash,
                )
                for r in results
            ]
        )
