"""identity.profiles.v1 (compacted, keyed by user id): each person's current public card, and the
tombstone that takes them off when they deactivate or are erased. Written through the outbox
in the transaction of the change; never an email, a phone number or a credential."""

from __future__ import annotations

from datetime import datetime

from kith.identity.v1 import identity_pb2, snapshots_pb2
from kith_identity.domain.profiles import Profile, Visibility
from kith_platform.events import IDENTITY_PROFILES, OutgoingEvent, make_event, timestamp, tombstone

PRODUCER = "identity"
VISIBILITY_TO_PROTO = {
    Visibility.PUBLIC: identity_pb2.PROFILE_VISIBILITY_PUBLIC,
    Visibility.CONNECTIONS: identity_pb2.PROFILE_VISIBILITY_CONNECTIONS,
}


def profile_snapshot(profile: Profile, at: datetime) -> OutgoingEvent:
    """The person's card as everyone may see it at `at` (details only for a public profile)."""
    shown = profile.public()
    return make_event(
        topic=IDENTITY_PROFILES,
        aggregate_id=profile.user_id,
        producer=PRODUCER,
        occurred_at=at,
        payload=snapshots_pb2.ProfileSnapshot(
            user_id=shown.user_id,
            handle=shown.handle,
            display_name=shown.display_name,
            avatar_url=shown.avatar_url,
            visibility=VISIBILITY_TO_PROTO[shown.visibility],
            bio=shown.bio,
            location=shown.location,
            language=shown.language,
            interests=list(shown.interests),
            updated_at=timestamp(at),
        ),
    )


def snapshot_changed(before: Profile, after: Profile) -> bool:
    """Whether a profile change changes what everyone may see (a change that does not is not
    announced: a connections-only profile's bio, for one)."""
    return before.public() != after.public()


def profile_tombstone(user_id: str) -> OutgoingEvent:
    """The key with no value: compaction drops every earlier snapshot of the person."""
    return tombstone(topic=IDENTITY_PROFILES, key=user_id)


def profile_message(profile: Profile) -> identity_pb2.Profile:
    return identity_pb2.Profile(
        user_id=profile.user_id,
        handle=profile.handle,
        display_name=profile.display_name,
        avatar_url=profile.avatar_url,
        bio=profile.bio,
        location=profile.location,
        language=profile.language,
        interests=list(profile.interests),
        visibility=VISIBILITY_TO_PROTO[profile.visibility],
        restricted=profile.restricted,
        created_at=timestamp(profile.created_at),
    )
