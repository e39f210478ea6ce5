"""Erased users in incoming events: an event about an erased person is dropped; one that only
mentions them (a moderator who acted, a mentioned person, the author of what was replied to)
is applied without them, so counters and other people's facts stay exact.

One case table, PRINCIPAL, says whose erasure drops which event; every other id is blanked.
"""

from __future__ import annotations

import re

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

_ID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
ALL = "*"  # every id the event names

# Events that exist only because of the people in these fields (by full name, else by
# package): when one of them is erased nothing of the event is applied. Every other event is
# applied with erased ids blanked: removals (PostDeleted, CommentDeleted, ReactionRemoved...)
# and the counters of comments, reactions and shares (CommentAdded, ReactionAdded, PostShared)
# must stay exact, and a moderator's erasure must not undo their bans.
PRINCIPAL: dict[str, tuple[str, ...] | str] = {
    "kith.identity.v1": ALL,  # each is about its user
    "kith.graph.v1": ALL,  # each is about a pair (or a user and a suggestion)
    **{
        f"kith.communities.v1.{name}": ("user_id",)
        for name in (
            "MemberJoined",
            "MemberLeft",
            "JoinRequested",
            "JoinRequestDenied",
            "MemberRoleChanged",
            "MemberRemoved",
            "MemberBanned",
            "MemberUnbanned",
            "UserInvited",
            "RsvpChanged",
            "MemberWarned",
            "MemberMuted",
        )
    },
    **{
        f"kith.content.v1.{name}": ("author_id",)
        for name in ("PostPublished", "PostEdited", "ContentHeld", "ContentReviewed", "CommentEdited")
    },
}
NEVER_DROPPED = {
    "kith.identity.v1.UserErased",  # the erasure itself
    # About content, not the staff member who acted (blanked when erased): a removal must hold.
    "kith.identity.v1.ContentRemovedByStaff",
    "kith.identity.v1.ContentRestoredByStaff",
}
# Events that carry another event (by full name: the field), which is scrubbed as an event of
# its own: dropped with it when that one is about an erased person.
NESTED = {"kith.content.v1.PostRestored": "post"}


def _principal(full_name: str) -> tuple[str, ...] | str:
    if full_name in NEVER_DROPPED:
        return ()
    if full_name in PRINCIPAL:
        return PRINCIPAL[full_name]
    return PRINCIPAL.get(full_name.rsplit(".", 1)[0], ())


def _string_fields(event: Message):
    for field in event.DESCRIPTOR.fields:
        if field.type == FieldDescriptor.TYPE_STRING:
            yield field


def named_ids(event: Message) -> set[str]:
    """The ids (UUIDs) among the event's string fields (and the event it carries: NESTED)."""
    found: set[str] = set()
    for field in _string_fields(event):
        value = getattr(event, field.name)
        values = value if field.is_repeated else (value,)
        found.update(v for v in values if _ID.match(v))
    if (nested := NESTED.get(event.DESCRIPTOR.full_name)) is not None:
        found |= named_ids(getattr(event, nested))
    return found


def scrub(event: Message, erased: set[str] | frozenset[str]) -> Message | None:
    """The event as it may be applied once `erased` are gone: None when it is about one of them
    (PRINCIPAL), else a copy with their ids blanked (and taken out of repeated fields)."""
    if not erased:
        return event
    hits = named_ids(event) & erased
    if not hits:
        return event
    principal = _principal(event.DESCRIPTOR.full_name)
    copy = type(event)()
    copy.CopyFrom(event)
    for field in _string_fields(copy):
        if field.is_repeated:
            kept = [v for v in getattr(copy, field.name) if v not in hits]
            if len(kept) != len(getattr(copy, field.name)):
                if principal == ALL:
                    return None
                del getattr(copy, field.name)[:]
                getattr(copy, field.name).extend(kept)
        elif getattr(copy, field.name) in hits:
            if principal == ALL or field.name in principal:
                return None
            setattr(copy, field.name, "")
    if (nested := NESTED.get(copy.DESCRIPTOR.full_name)) is not None:
        inner = scrub(getattr(copy, nested), hits)
        if inner is None:
            return None
        getattr(copy, nested).CopyFrom(inner)
    return copy
