"""The privacy RPCs of IdentityService: messages to the privacy use cases and back."""

from __future__ import annotations

from kith.identity.v1 import identity_pb2
from kith_identity.adapters.postgres_privacy import settings_message
from kith_identity.adapters.profile_topic import profile_message
from kith_identity.domain.privacy import SETTINGS
from kith_identity.service_layer.privacy import PrivacyHandlers
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.privacy import FROM_PROTO


def _changes(request: identity_pb2.UpdatePrivacySettingsRequest) -> dict:
    changes = {}
    for name in SETTINGS:
        value = getattr(request.settings, name)
        if value and value not in FROM_PROTO:
            raise InvalidArgument(f"settings.{name}", f"unsupported value {value}")
        changes[name] = FROM_PROTO.get(value)
    return changes


class PrivacyRpcs:
    """Mixed into IdentityServicer, which sets `privacy`."""

    privacy: PrivacyHandlers

    async def GetPrivacySettings(self, request, context):
        settings = await self.privacy.settings(caller_id(context))
        return identity_pb2.GetPrivacySettingsResponse(settings=settings_message(settings))

    async def UpdatePrivacySettings(self, request, context):
        settings = await self.privacy.update(caller_id(context), _changes(request))
        return identity_pb2.UpdatePrivacySettingsResponse(settings=settings_message(settings))

    async def FindPeopleByEmail(self, request, context):
        found = await self.privacy.find_by_email(caller_id(context), list(request.emails))
        return identity_pb2.FindPeopleByEmailResponse(
            people=[identity_pb2.FoundPerson(email=email, profile=profile_message(p)) for email, p in found]
        )
