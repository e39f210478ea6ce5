"""Rows of the identity database as domain objects, and the events about users
(identity.users.v1) the PostgreSQL adapters write to the outbox."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from kith.identity.v1 import events_pb2
from kith_identity.domain.accounts import Account
from kith_identity.domain.ports import StoredCredentials
from kith_identity.domain.profiles import Profile, Visibility
from kith_identity.domain.trust_safety import Suspension
from kith_platform.events import IDENTITY_USERS, OutgoingEvent, make_event, timestamp

PRODUCER = "identity"


def account_from(row: asyncpg.Record) -> Account:
    return Account(str(row["id"]), row["handle"], row["display_name"], row["created_at"])


def credentials_from(row: asyncpg.Record | None) -> StoredCredentials | None:
    if row is None:
        return None
    return StoredCredentials(
        account_from(row),
        row["password_hash"],
        row["deactivated_at"] is not None,
        row["erase_after"],
        second_factor=row["second_factor"],
        email=row["email"],
        suspension=None
        if row["suspended_at"] is None
        else Suspension(row["suspended_at"], row["suspended_until"], row["suspension_reason"]),
    )


def profile_from(row: asyncpg.Record) -> Profile:
    return Profile(
        user_id=str(row["id"]),
        handle=row["handle"],
        display_name=row["display_name"],
        avatar_url=row["avatar_url"],
        bio=row["bio"],
        location=row["location"],
        language=row["language"],
        interests=tuple(row["interests"]),
        visibility=Visibility(row["profile_visibility"]),
        created_at=row["created_at"],
    )


def uuid_or_none(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def user_event(user_id: str, payload, at: datetime) -> OutgoingEvent:
    return make_event(topic=IDENTITY_USERS, aggregate_id=user_id, producer=PRODUCER, occurred_at=at, payload=payload)


def registered_event(account: Account) -> OutgoingEvent:
    """UserRegistered, as Register and ImportAccounts write it."""
    return user_event(
        account.user_id,
        events_pb2.UserRegistered(
            user_id=account.user_id,
            handle=account.handle,
            display_name=account.display_name,
            registered_at=timestamp(account.created_at),
        ),
        account.created_at,
    )
