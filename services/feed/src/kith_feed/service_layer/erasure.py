"""Erasure (issue 15): on identity's UserErased the person goes from the whole read model, and
every event about them that arrives later (late, or redelivered) is dropped or applied
without them (domain.erasure)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain.erasure import named_ids

log = logging.getLogger("kith.feed.erasure")


async def erase_user(store: RedisFeedStore, user_id: str) -> bool:
    """Every step can be repeated, in this order, until one run goes through: a worker killed
    halfway and the UserErased redelivered finishes the job. True when nothing naming them is
    left (False while a mentorship event naming them waits to be relayed: a later pass, see
    erase_recent_again, looks again)."""
    if not user_id:
        return True
    e = store.erasure
    # First the tombstone: from now on events about them are dropped, and reads hide them.
    await e.record(user_id, int(time.time() * 1000))
    # Their posts (content deletes each one too, with a PostDeleted naming no author). Counters
    # of others' posts move only with content's ReactionRemoved and CommentDeleted, never here.
    for post_id in await e.posts(user_id):
        await store.delete_post(post_id, user_id)
    # The other side of their relationships and memberships, while their own facts still say
    # who that is; then everything else, and their own keys last.
    await e.forget_relationships(user_id)
    done = await e.forget_everywhere(user_id)
    log.info("erased a user from the feed read model%s", "" if done else " (mentorship events still to relay)")
    return done


async def erase_recent_again(store: RedisFeedStore, now_ms: int, window_ms: int) -> int:
    """Run the erasure again for those erased in the last `window_ms`: a concurrent agent that
    had checked the tombstone list just before it was written may have written about them
    since, and unsent mentorship events naming them are gone once relayed. Returns how many."""
    users = await store.erasure.erased_since(now_ms - window_ms)
    for user_id in users:
        await erase_user(store, user_id)
    return len(users)


async def erased_in(store: RedisFeedStore, events: Iterable) -> set[str]:
    """The erased users among those the events name, in one round trip."""
    ids: set[str] = set()
    for event in events:
        if event is not None:
            ids |= named_ids(event)
    return set(await store.erasure.erased_among(ids))
