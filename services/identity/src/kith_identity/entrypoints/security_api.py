"""The account security RPCs of IdentityService (mixed into IdentityServicer): messages to calls and
back. Calls that end sessions name them to the gateway (revocation_trailer)."""

from __future__ import annotations

import grpc

from kith.identity.v1 import identity_pb2
from kith_identity.domain.ports import SessionInfo
from kith_identity.domain.security import ClientInfo
from kith_identity.service_layer.security import AccountSecurityHandlers, EmailConfirmation
from kith_platform.auth import (
    CLIENT_ADDRESS_METADATA,
    USER_AGENT_METADATA,
    caller_id,
    caller_session_id,
    metadata_value,
    revocation_trailer,
)
from kith_platform.events import timestamp

CONFIRMATIONS = {
    EmailConfirmation.VERIFIED: identity_pb2.EMAIL_CONFIRMATION_VERIFIED,
    EmailConfirmation.CHANGE_WAITING: identity_pb2.EMAIL_CONFIRMATION_CHANGE_WAITING,
    EmailConfirmation.CHANGED: identity_pb2.EMAIL_CONFIRMATION_CHANGED,
}


def client_of(context: grpc.aio.ServicerContext) -> ClientInfo:
    """Where the call came from, as the gateway says (identity is reached through it alone)."""
    return ClientInfo.of(metadata_value(context, USER_AGENT_METADATA), metadata_value(context, CLIENT_ADDRESS_METADATA))


def session_message(session: SessionInfo, current: str) -> identity_pb2.AccountSession:
    return identity_pb2.AccountSession(
        session_id=session.session_id,
        device=session.client.user_agent,
        ip_address=session.client.ip_address,
        place=session.place,
        created_at=timestamp(session.created_at),
        last_used_at=timestamp(session.last_used_at),
        current=session.session_id == current,
    )


class AccountSecurityRpcs:
    security: AccountSecurityHandlers

    async def ConfirmEmail(self, request, context):
        outcome = await self.security.confirm_email(request.token)
        return identity_pb2.ConfirmEmailResponse(outcome=CONFIRMATIONS[outcome])

    async def ResendEmailVerification(self, request, context):
        await self.security.resend_verification(caller_id(context))
        return identity_pb2.ResendEmailVerificationResponse()

    async def RequestPasswordReset(self, request, context):
        await self.security.request_password_reset(request.email)
        return identity_pb2.RequestPasswordResetResponse()

    @revocation_trailer
    async def ResetPassword(self, request, context):
        ended = await self.security.reset_password(request.token, request.new_password, request.second_factor_code)
        return identity_pb2.ResetPasswordResponse(sessions_ended=ended)

    async def RequestEmailChange(self, request, context):
        expires_at = await self.security.request_email_change(caller_id(context), request.new_email, request.password)
        return identity_pb2.RequestEmailChangeResponse(expires_at=timestamp(expires_at))

    async def GetAccountSecurity(self, request, context):
        state = await self.security.state(caller_id(context))
        return identity_pb2.GetAccountSecurityResponse(
            email=state.email,
            email_verified=state.email_verified,
            pending_email=state.pending_email,
            second_factor_enabled=state.second_factor,
            recovery_codes_left=state.recovery_codes_left,
        )

    async def BeginTotpEnrollment(self, request, context):
        secret, uri = await self.security.begin_totp(caller_id(context), request.password)
        return identity_pb2.BeginTotpEnrollmentResponse(secret=secret, otpauth_uri=uri)

    async def ConfirmTotpEnrollment(self, request, context):
        codes = await self.security.confirm_totp(caller_id(context), request.code)
        return identity_pb2.ConfirmTotpEnrollmentResponse(recovery_codes=codes)

    async def DisableTotp(self, request, context):
        await self.security.disable_totp(caller_id(context), request.password, request.code)
        return identity_pb2.DisableTotpResponse()

    async def RegenerateRecoveryCodes(self, request, context):
        codes = await self.security.regenerate_recovery_codes(caller_id(context), request.password, request.code)
        return identity_pb2.RegenerateRecoveryCodesResponse(recovery_codes=codes)

    async def ListSessions(self, request, context):
        current = caller_session_id(context)
        sessions = await self.security.sessions(caller_id(context))
        return identity_pb2.ListSessionsResponse(sessions=[session_message(s, current) for s in sessions])

    @revocation_trailer
    async def RevokeSession(self, request, context):
        await self.security.revoke_session(caller_id(context), request.session_id)
        return identity_pb2.RevokeSessionResponse()

    @revocation_trailer
    async def RevokeOtherSessions(self, request, context):
        ended = await self.security.revoke_other_sessions(caller_id(context), caller_session_id(context))
        return identity_pb2.RevokeOtherSessionsResponse(sessions_ended=ended)
